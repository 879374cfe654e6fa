using Microsoft.Extensions.Logging;

namespace Slipway.Cli.Output;

/// <summary>Routes the engine's structured log events to <see cref="CliOutput"/>, keeping their fields.</summary>
internal sealed class CliLoggerProvider(CliOutput output, LogLevel minimum) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new CliLogger(output, minimum);

    public void Dispose()
    {
    }

    private sealed class CliLogger(CliOutput output, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var fields = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
            output.Event(logLevel, eventId.Name ?? "log", formatter(state, exception), fields);
        }
    }
}
