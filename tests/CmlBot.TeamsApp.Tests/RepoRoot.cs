namespace CmlBot.TeamsApp.Tests;

/// <summary>The repository root (the folder holding CmlBot.sln).</summary>
public static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "CmlBot.sln"))) return dir.FullName;
        throw new InvalidOperationException("CmlBot.sln not found above " + AppContext.BaseDirectory);
    }
}
