namespace CmlBot.TestServers;

/// <summary>Finds a program on PATH, or in /usr/sbin and /usr/bin (Debian puts nginx in /usr/sbin, often off a user's PATH).</summary>
public static class Executables
{
    /// <summary>What the repository's test command (<c>./test.sh</c>) installs when a program is missing.</summary>
    public const string InstallAdvice = "run ./test.sh from the repository root, which installs it (Debian/Ubuntu, as root), or: sudo apt-get install -y";

    public static string? Find(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Concat(["/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"]))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>The program's path, or an exception that names the package and how to install it.</summary>
    public static string Require(string name, string package, string neededFor) =>
        Find(name) ?? throw new InvalidOperationException($"{name} is not installed (not on PATH, /usr/sbin or /usr/bin); {neededFor} need it. " +
                                                          $"To install it, {InstallAdvice} {package}");
}
