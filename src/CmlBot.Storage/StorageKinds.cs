namespace CmlBot.Storage;

public static class StorageKinds
{
    public const string Memory = "memory";
    public const string Redis = "redis";
}
