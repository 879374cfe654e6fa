using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Slipway.Cli.Output;
using Slipway.Fleets;

namespace Slipway.Cli.Fleets;

/// <summary>
/// Reports each target as it ends: one <c>fleet_target</c> event per target in JSON mode; in text mode
/// a line for each target that changed or failed, and a progress line on a terminal (done/total, failed,
/// rate, ETA). Error messages pass through <see cref="FleetErrors"/>, so no password is ever printed.
/// </summary>
internal sealed class FleetReporter : IProgress<FleetTargetResult>
{
    private readonly CliOutput _output;
    private readonly FleetErrors _errors;
    private readonly string _verb;
    private readonly int _total;
    private readonly TextWriter? _terminal;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private int _done;
    private int _failed;
    private long _lastDrawMs = -1000;

    public FleetReporter(CliOutput output, FleetErrors errors, string verb, int total)
    {
        _output = output;
        _errors = errors;
        _verb = verb;
        _total = total;
        _terminal = !output.Json && !Console.IsErrorRedirected ? Console.Error : null;
    }

    public void Report(FleetTargetResult value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var failed = value.Status == FleetTargetStatus.Failed;
        var error = value.Error is { } ex ? _errors.Describe(ex) : default;
        var ms = (long)value.Elapsed.TotalMilliseconds;
        var outcome = value.Outcome;
        var message = failed
            ? $"{value.Target.DisplayName} failed: {error.Message}"
            : string.Create(CultureInfo.InvariantCulture, $"{value.Target.DisplayName}: {Changed(outcome!)}at version {outcome!.Version ?? "(none)"} ({ms} ms)");
        lock (_gate)
        {
            _done++;
            _failed += failed ? 1 : 0;
            if (_output.Json || failed || outcome!.Changed > 0)
            {
                ClearLine();
                _output.Event(failed ? LogLevel.Error : LogLevel.Information, "fleet_target", message,
                [
                    new("target", value.Target.DisplayName),
                    new("tenant", value.Target.Tenant),
                    new("status", failed ? "failed" : "succeeded"),
                    new("version", outcome?.Version),
                    new("changed", outcome?.Changed ?? 0),
                    new("pending", outcome?.Pending.Count ?? 0),
                    new("duration_ms", ms),
                    new("exit_code", failed ? error.ExitCode : 0),
                    new("error", failed ? error.Message : null),
                ]);
            }

            Draw(force: _done == _total);
        }
    }

    /// <summary>How many targets have ended so far, and how many of them failed.</summary>
    public (int Done, int Failed) Counts
    {
        get
        {
            lock (_gate)
            {
                return (_done, _failed);
            }
        }
    }

    /// <summary>Ends the progress line so the summary starts on a line of its own.</summary>
    public void Finish()
    {
        lock (_gate)
        {
            if (_terminal is not null && _lastDrawMs >= 0)
            {
                _terminal.WriteLine();
            }
        }
    }

    private string Changed(FleetOutcome outcome) => outcome.Changed > 0
        ? string.Create(CultureInfo.InvariantCulture, $"{_verb} {outcome.Changed}, now ")
        : outcome.Pending.Count > 0 ? string.Create(CultureInfo.InvariantCulture, $"{outcome.Pending.Count} pending, ") : string.Empty;

    private void ClearLine()
    {
        if (_terminal is not null && _lastDrawMs >= 0)
        {
            _terminal.Write("\r\u001b[K");
        }
    }

    private void Draw(bool force)
    {
        var now = _clock.ElapsedMilliseconds;
        if (_terminal is null || (!force && now - _lastDrawMs < 200))
        {
            return;
        }

        _lastDrawMs = now;
        var rate = _done / Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
        var eta = rate > 0 ? TimeSpan.FromSeconds((_total - _done) / rate) : TimeSpan.Zero;
        _terminal.Write(string.Create(CultureInfo.InvariantCulture, $"\r\u001b[Kfleet: {_done}/{_total} done, {_failed} failed, {rate:0.0}/s, ETA {eta:hh\\:mm\\:ss}"));
    }
}
