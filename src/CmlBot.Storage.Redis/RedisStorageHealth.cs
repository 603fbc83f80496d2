namespace CmlBot.Storage.Redis;

/// <summary>Available when connected and a PING answers within the operation timeout.</summary>
public sealed class RedisStorageHealth(RedisConnection redis) : IStorageHealth
{
    public async Task<bool> IsAvailableAsync(CancellationToken cancellationToken)
    {
        if (!redis.IsConnected) return false;
        try
        {
            await redis.RunAsync(db => db.PingAsync(), cancellationToken);
            return true;
        }
        catch (StorageUnavailableException)
        {
            return false;
        }
    }
}
