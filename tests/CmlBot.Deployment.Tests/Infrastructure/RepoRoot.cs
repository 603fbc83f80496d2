namespace CmlBot.Deployment.Tests.Infrastructure;

/// <summary>The repository root (the folder holding CmlBot.sln), found from the test binaries upwards.</summary>
public static class RepoRoot
{
    public static string Path { get; } = Find();

    public static string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "CmlBot.sln"))) return dir.FullName;
        throw new InvalidOperationException("CmlBot.sln not found above " + AppContext.BaseDirectory);
    }
}
