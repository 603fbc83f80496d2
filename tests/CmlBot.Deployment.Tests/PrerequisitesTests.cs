using CmlBot.Deployment.Tests.Infrastructure;
using Xunit.Sdk;

namespace CmlBot.Deployment.Tests;

public sealed class PrerequisitesTests
{
    [Fact]
    public void A_missing_program_fails_the_test_with_how_to_install_it()
    {
        var failure = Assert.ThrowsAny<XunitException>(() => Prerequisites.Require("cmlbot-no-such-server"));
        Assert.Contains("apt-get install -y cmlbot-no-such-server", failure.Message, StringComparison.Ordinal);
        Assert.Contains("./test.sh", failure.Message, StringComparison.Ordinal);
    }
}
