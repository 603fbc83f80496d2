using CmlBot.Deployment.Tests.Infrastructure;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace CmlBot.Deployment.Tests;

public sealed class PrerequisitesTests(ITestOutputHelper output)
{
    [Fact]
    public void A_missing_program_fails_the_test_with_how_to_install_it()
    {
        if (Environment.GetEnvironmentVariable(Prerequisites.OptOutVariable) == "1") return;
        var failure = Assert.ThrowsAny<XunitException>(() => Prerequisites.Check(output, "cmlbot-no-such-server"));
        Assert.Contains("sudo apt-get install -y cmlbot-no-such-server", failure.Message, StringComparison.Ordinal);
        Assert.Contains(Prerequisites.OptOutVariable, failure.Message, StringComparison.Ordinal);
    }
}
