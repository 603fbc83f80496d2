namespace CmlBot.Tests;

/// <summary>
/// Tests that read the whole process's resident memory run alone, after every other collection: memory that tests
/// running beside them allocate between two readings would hide what the code under test gave back.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessMemoryCollection
{
    public const string Name = "process memory";
}
