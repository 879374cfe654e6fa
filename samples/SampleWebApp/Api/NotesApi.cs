using SampleWebApp.Data;

namespace SampleWebApp.Api;

/// <summary>The JSON API: <c>/api/notes</c> with list, get, create, update and delete.</summary>
internal static class NotesApi
{
    public static void MapNotesApi(this IEndpointRouteBuilder app)
    {
        var notes = app.MapGroup("/api/notes");
        notes.MapGet("/", async (NoteStore store, CancellationToken ct) => Results.Ok(await store.ListAsync(ct)));
        notes.MapGet("/{id:long}", async (long id, NoteStore store, CancellationToken ct) =>
            await store.FindAsync(id, ct) is { } note ? Results.Ok(note) : Results.NotFound());
        notes.MapPost("/", async (NoteInput input, NoteStore store, CancellationToken ct) =>
        {
            if (input.Problems() is { Count: > 0 } problems)
            {
                return Results.ValidationProblem(problems);
            }

            var note = await store.CreateAsync(input, ct);
            return Results.Created($"/api/notes/{note.Id}", note);
        });
        notes.MapPut("/{id:long}", async (long id, NoteInput input, NoteStore store, CancellationToken ct) =>
        {
            if (input.Problems() is { Count: > 0 } problems)
            {
                return Results.ValidationProblem(problems);
            }

            return await store.UpdateAsync(id, input, ct) is { } note ? Results.Ok(note) : Results.NotFound();
        });
        notes.MapDelete("/{id:long}", async (long id, NoteStore store, CancellationToken ct) =>
            await store.DeleteAsync(id, ct) ? Results.NoContent() : Results.NotFound());
    }
}
