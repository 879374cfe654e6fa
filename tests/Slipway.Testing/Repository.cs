namespace Slipway.Testing;

/// <summary>Paths inside the repository, found from the test's output folder.</summary>
public static class Repository
{
    /// <summary>The repository root (the folder holding Slipway.slnx).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>A path relative to the repository root.</summary>
    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Slipway.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (Slipway.slnx) above " + AppContext.BaseDirectory);
    }
}
