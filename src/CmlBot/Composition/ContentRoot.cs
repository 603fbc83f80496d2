namespace CmlBot.Composition;

/// <summary>Where appsettings.json and corpus/ are, wherever the host or a tool is started from.</summary>
public static class ContentRoot
{
    /// <summary>
    /// The folder holding appsettings.json and corpus/: the current directory when run from the repository
    /// root (the README's commands), else the nearest parent that has both, else the app's own folder.
    /// </summary>
    public static string Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "appsettings.json")) && Directory.Exists(Path.Combine(dir.FullName, "corpus")))
                return dir.FullName;
        return AppContext.BaseDirectory;
    }
}
