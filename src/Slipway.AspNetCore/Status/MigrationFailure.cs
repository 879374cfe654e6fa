namespace Slipway.AspNetCore.Status;

/// <summary>The last migration failure this app saw: its own startup run, or a stopped non-transactional migration in history.</summary>
/// <param name="At">When it happened.</param>
/// <param name="Script">The script that failed, when known.</param>
/// <param name="Message">What went wrong (never contains a password).</param>
internal sealed record MigrationFailure(DateTimeOffset At, string? Script, string Message);
