namespace Slipway.Execution;

/// <summary>What <c>drift</c> should compare.</summary>
public sealed record DriftRequest
{
    /// <summary>
    /// Objects to leave out, as glob patterns (<c>*</c>, <c>?</c>) matched against an object's name
    /// (<c>public.partman_*</c>) or its whole key (<c>index public.*_tmp</c>).
    /// </summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>Also compare privileges granted to other roles (PostgreSQL); off by default, since roles differ between environments.</summary>
    public bool IncludeGrants { get; init; }

    /// <summary>
    /// Store the result (<see cref="DriftCheck"/>) in the table next to the history table, for the app's status
    /// page and metrics. The only write drift makes; the provider must implement <see cref="IDriftLog"/>.
    /// </summary>
    public bool Record { get; init; }
}
