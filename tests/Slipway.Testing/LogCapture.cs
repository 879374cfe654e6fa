using Microsoft.Extensions.Logging;

namespace Slipway.Testing;

/// <summary>An in-memory logger for engine tests: every event with its name and formatted message.</summary>
public sealed class LogCapture : ILogger<Execution.Migrator>
{
    private readonly List<(string Event, string Message)> _entries = [];

    /// <summary>Every event so far.</summary>
    public IReadOnlyList<(string Event, string Message)> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => true;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        lock (_entries)
        {
            _entries.Add((eventId.Name ?? string.Empty, formatter(state, exception)));
        }
    }
}
