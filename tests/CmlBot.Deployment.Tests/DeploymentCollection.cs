using CmlBot.Deployment.Tests.Infrastructure;

namespace CmlBot.Deployment.Tests;

/// <summary>
/// One collection, so the clusters (each a few processes on a 2-core machine) start one after another, never side by
/// side; the oracle's core is built once for all of them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DeploymentCollection : ICollectionFixture<ConversationOracle>
{
    public const string Name = "deployment";
}
