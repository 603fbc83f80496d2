namespace CmlBot.Testing;

/// <summary>
/// The repository root (the folder holding CmlBot.sln), found from the test binaries upwards. One file, compiled
/// into every test project (tests/Directory.Build.props), internal to each.
/// </summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    /// <summary>A path inside the repository.</summary>
    public static string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "CmlBot.sln"))) return dir.FullName;
        throw new InvalidOperationException("CmlBot.sln not found above " + AppContext.BaseDirectory);
    }
}
