using System.Data.Common;
using System.Globalization;

namespace SampleWebApp.Data;

/// <summary>
/// Notes in PostgreSQL, MySQL/MariaDB or SQLite: the same SQL for all three, except how time is stored and
/// how a written row is read back (MySQL has no RETURNING).
/// </summary>
internal sealed class NoteStore(Database database, TimeProvider time)
{
    private const string Columns = "id, title, body, pinned, created_at, coalesce(updated_at, created_at)";

    public async Task<IReadOnlyList<Note>> ListAsync(CancellationToken cancellationToken)
    {
        // The list reads the repeatable view, so the page shows excerpts without loading whole bodies.
        await using var command = database.Source.CreateCommand(
            "SELECT id, title, excerpt, pinned, created_at, updated_at FROM notes_overview ORDER BY pinned DESC, created_at DESC, id DESC LIMIT 200");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var notes = new List<Note>();
        while (await reader.ReadAsync(cancellationToken))
        {
            notes.Add(Read(reader));
        }

        return notes;
    }

    public async Task<Note?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = database.Source.CreateCommand($"SELECT {Columns} FROM notes WHERE id = @id");
        Add(command, "id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<Note> CreateAsync(NoteInput input, CancellationToken cancellationToken)
    {
        await using var command = database.Source.CreateCommand(
            "INSERT INTO notes (title, body, pinned, created_at, updated_at) VALUES (@title, @body, @pinned, @now, @now)" +
            (IsMySql ? $"; SELECT {Columns} FROM notes WHERE id = LAST_INSERT_ID()" : $" RETURNING {Columns}"));
        AddInput(command, input);
        return await ReadOneAsync(command, cancellationToken)
            ?? throw new InvalidOperationException("The database did not return the note it inserted.");
    }

    public async Task<Note?> UpdateAsync(long id, NoteInput input, CancellationToken cancellationToken)
    {
        // On MySQL the row is read back in the same round trip; no row means no note had that id.
        await using var command = database.Source.CreateCommand(
            "UPDATE notes SET title = @title, body = @body, pinned = @pinned, updated_at = @now WHERE id = @id" +
            (IsMySql ? $"; SELECT {Columns} FROM notes WHERE id = @id" : $" RETURNING {Columns}"));
        AddInput(command, input);
        Add(command, "id", id);
        return await ReadOneAsync(command, cancellationToken);
    }

    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = database.Source.CreateCommand("DELETE FROM notes WHERE id = @id");
        Add(command, "id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private bool IsMySql => database.Dialect == DatabaseDialect.MySql;

    // The first row of the first result set that has one: a MySQL batch answers its INSERT or UPDATE first.
    private static async Task<Note?> ReadOneAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        do
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                return Read(reader);
            }
        }
        while (await reader.NextResultAsync(cancellationToken));

        return null;
    }

    private void AddInput(DbCommand command, NoteInput input)
    {
        Add(command, "title", input.Title!.Trim());
        Add(command, "body", input.Body ?? string.Empty);
        Add(command, "pinned", input.Pinned);
        var now = time.GetUtcNow();

        // SQLite keeps time as ISO-8601 text in the same form as the column default, so it sorts; MySQL's
        // DATETIME keeps the UTC time it is given.
        Add(command, "now", database.Dialect switch
        {
            DatabaseDialect.Sqlite => now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            DatabaseDialect.MySql => now.UtcDateTime,
            _ => now,
        });
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static Note Read(DbDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        Convert.ToBoolean(reader.GetValue(3), CultureInfo.InvariantCulture),
        Time(reader.GetValue(4)),
        Time(reader.GetValue(5)));

    private static DateTimeOffset Time(object value) => value switch
    {
        DateTime utc => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)),
        DateTimeOffset offset => offset,
        string text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        _ => throw new InvalidCastException($"Unexpected time value of type {value.GetType().Name}"),
    };
}
