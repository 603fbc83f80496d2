using Newtonsoft.Json.Serialization;

namespace CmlBot.Storage.Redis;

/// <summary>
/// State is stored with Newtonsoft's <c>$type</c> names (as MemoryStorage does), so that it reads back as the
/// types the bot wrote. MemoryStorage's JSON never leaves the process; Redis's does, and <c>$type</c> read from
/// outside is a well-known way to make a deserializer build arbitrary objects. So only the types state is made
/// of are built: the runtime's collections and primitives, Newtonsoft's JSON tokens, Bot Builder's and this
/// application's own types.
/// </summary>
internal sealed class StateTypeBinder : DefaultSerializationBinder
{
    private static readonly string[] AllowedAssemblies = ["System.Private.CoreLib", "System.Collections", "mscorlib", "Newtonsoft.Json"];
    private static readonly string[] AllowedAssemblyPrefixes = ["CmlBot.", "Microsoft.Bot."];

    public override Type BindToType(string? assemblyName, string typeName)
    {
        var type = base.BindToType(assemblyName, typeName);
        if (!IsAllowed(type)) throw new Newtonsoft.Json.JsonSerializationException($"State may not hold objects of type {type.FullName}.");
        return type;
    }

    private static bool IsAllowed(Type type)
    {
        if (type.IsArray) return IsAllowed(type.GetElementType()!);
        if (type.IsGenericType && !type.GetGenericArguments().All(IsAllowed)) return false;
        var assembly = type.Assembly.GetName().Name ?? "";
        // "CmlBot" itself is the host (the load test's echo bot keeps its state type there).
        if (assembly == "CmlBot" || AllowedAssemblyPrefixes.Any(p => assembly.StartsWith(p, StringComparison.Ordinal))) return true;
        if (!AllowedAssemblies.Contains(assembly, StringComparer.Ordinal)) return false;
        // From the runtime itself: plain data only, nothing that acts on the world when built.
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateTime)
            || type == typeof(DateTimeOffset) || type == typeof(TimeSpan) || type == typeof(Guid) || type == typeof(object)
            || type.Namespace is "System.Collections.Generic" or "System.Collections.ObjectModel" or "Newtonsoft.Json.Linq"
            || type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Nullable<>);
    }
}
