using CmlBot.Bot.Feedback;
using CmlBot.DirectLine;
using CmlBot.DirectLine.Store;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CmlBot.Storage.Redis;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// The stores the <c>Storage</c> section chooses. <c>memory</c>: nothing is registered, and AddCmlBot's and
    /// AddCmlBotDirectLine's in-process defaults stand. <c>redis</c>: connects now (so a wrong endpoint stops the
    /// start with <see cref="StorageStartupException"/>, before anything listens), then registers the Redis stores
    /// in place of those defaults, whether called before or after them.
    /// </summary>
    public static IServiceCollection AddCmlBotStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var kind = options.Kind?.Trim() ?? "";
        if (string.Equals(kind, StorageKinds.Memory, StringComparison.OrdinalIgnoreCase)) return services;
        if (!string.Equals(kind, StorageKinds.Redis, StringComparison.OrdinalIgnoreCase))
            throw new StorageStartupException($"Storage: Storage:Kind must be '{StorageKinds.Memory}' or '{StorageKinds.Redis}', not '{options.Kind}'");

        var directLine = configuration.GetSection(DirectLineOptions.SectionName).Get<DirectLineOptions>() ?? new DirectLineOptions();
        if (directLine.Mode == DirectLineModes.Local && string.IsNullOrEmpty(directLine.Secret))
            throw new StorageStartupException(
                "Storage: Storage:Kind is redis but DirectLine:Secret is empty; set the same secret on every instance so that each accepts the others' Direct Line tokens");

        var connection = RedisConnection.Connect(options.Redis);
        // A factory, so that the container disposes the connection with itself.
        services.AddSingleton(_ => connection);
        services.Replace(ServiceDescriptor.Singleton<IStorage, RedisStorage>());
        services.Replace(ServiceDescriptor.Singleton<IFeedbackStore, RedisFeedbackStore>());
        services.Replace(ServiceDescriptor.Singleton<IDirectLineStore, RedisDirectLineStore>());
        services.Replace(ServiceDescriptor.Singleton<IClientRateCounter, RedisClientRateCounter>());
        services.Replace(ServiceDescriptor.Singleton<IStorageHealth, RedisStorageHealth>());
        return services;
    }
}
