using CmlBot.Cli;
using Xunit.Abstractions;

namespace CmlBot.Deployment.Tests.Infrastructure;

/// <summary>
/// These tests run real redis-server and nginx processes. When one is missing they fail and say how to install it
/// (.ci/run installs both); setting <see cref="OptOutVariable"/>=1 skips them explicitly instead.
/// </summary>
public static class Prerequisites
{
    public const string OptOutVariable = "CMLBOT_SKIP_DEPLOYMENT_TESTS";

    /// <summary>
    /// True when the test should run. False (with a line in the test output) only when opted out; a missing
    /// program fails the test.
    /// </summary>
    public static bool Check(ITestOutputHelper output, params string[] programs)
    {
        if (Environment.GetEnvironmentVariable(OptOutVariable) == "1")
        {
            output.WriteLine($"skipped: {OptOutVariable}=1");
            return false;
        }
        var missing = programs.Where(p => Executables.Find(p) is null).ToList();
        if (missing.Count > 0)
            Assert.Fail($"{string.Join(" and ", missing)} not found (on PATH, /usr/sbin or /usr/bin). Install with: " +
                        $"sudo apt-get install -y {string.Join(" ", missing)}  (the Debian packages have the programs' names; .ci/run installs them through " +
                        $".ci/install-server-deps), or set {OptOutVariable}=1 to skip the deployment tests.");
        return true;
    }
}
