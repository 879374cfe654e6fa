namespace Slipway.Code;

/// <summary>
/// Declares a C# migration's version and description, e.g. <c>[Migration("5", "backfill_slugs")]</c>.
/// The version orders it among the SQL files (<c>V5__...sql</c>); a version used twice is a validation error.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class MigrationAttribute : Attribute
{
    /// <summary>Declares the migration.</summary>
    /// <param name="version">Its version, in the same form as a file's (<c>5</c>, <c>1.2</c>, <c>20250101120000</c>).</param>
    /// <param name="description">What it does, e.g. <c>backfill_slugs</c> (underscores read as spaces).</param>
    public MigrationAttribute(string version, string description)
    {
        Version = version;
        Description = description;
    }

    /// <summary>The version.</summary>
    public string Version { get; }

    /// <summary>The description.</summary>
    public string Description { get; }

    /// <summary>
    /// The migration's checksum source. Slipway cannot hash compiled code, so the checksum stored in
    /// history is that of this text: change it (e.g. from <c>"1"</c> to <c>"2"</c>) when you change what an
    /// applied migration does, and Slipway reports the edit as it does for an edited SQL file. Default <c>"1"</c>.
    /// </summary>
    public string Checksum { get; set; } = "1";
}
