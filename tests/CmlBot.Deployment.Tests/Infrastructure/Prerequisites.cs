using CmlBot.TestServers;

namespace CmlBot.Deployment.Tests.Infrastructure;

/// <summary>
/// These tests run real redis-server and nginx processes. When one is missing they fail and say how to install it
/// (./test.sh installs both); there is no switch to skip them.
/// </summary>
public static class Prerequisites
{
    /// <summary>Fails the test, naming the packages and how to install them, when a program is missing.</summary>
    public static void Require(params string[] programs)
    {
        var missing = programs.Where(p => Executables.Find(p) is null).ToList();
        if (missing.Count > 0)
            Assert.Fail($"{string.Join(" and ", missing)} not found (on PATH, /usr/sbin or /usr/bin). To install, " +
                        $"{Executables.InstallAdvice} {string.Join(" ", missing)}  (the Debian packages have the programs' names).");
    }
}
