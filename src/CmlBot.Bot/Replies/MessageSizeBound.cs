using System.Buffers;
using System.Collections;
using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CmlBot.Bot.Replies;

/// <summary>
/// Whether a reply fits under a size limit, answered without serialising it when it plainly does. Every answer is
/// checked, and serialising one to count it (<see cref="MessageSize.Utf16Bytes"/>) was some 4 % of the host's CPU
/// under load; a bound from its strings and its shape takes a fraction of that, and only a reply near the limit is
/// counted exactly.
/// </summary>
/// <remarks>
/// The bound is never below the serialised length: each string counts as if every character that JSON might escape
/// were written as <c>\uXXXX</c>, each property as its longest possible name with quotes, colon and comma, and
/// each value that is neither text, a number nor a JSON token as the most its type could write. Property lists are
/// read once per type and kept, so the instance lives as long as the reply factory.
/// </remarks>
public sealed class MessageSizeBound
{
    // Characters Newtonsoft may escape (its default escapes control characters, quotes and backslashes; the HTML-safe
    // modes more): each may take six characters instead of one.
    private static readonly SearchValues<char> Escapable = SearchValues.Create(
        "\"\\'<>&\u0085\u2028\u2029" + new string(Enumerable.Range(0, 0x20).Select(c => (char)c).ToArray()) + "\u007f");

    private const int MaxDepth = 32;
    private const int PropertyOverhead = 4; // two quotes, a colon, a comma
    private const int ScalarBound = 40;     // a number, a date, a boolean, an enum's name: at most this many characters

    private readonly ConcurrentDictionary<Type, (Func<object, object?> Read, int NameLength)[]> _properties = new();

    /// <summary>True when the activity's serialised payload is under <paramref name="limitBytes"/> in UTF-16, as <see cref="MessageSize"/> counts it.</summary>
    public bool FitsUnder(IActivity activity, int limitBytes)
    {
        if (Characters(activity, 0) * 2 < limitBytes) return true;
        return MessageSize.Utf16Bytes(activity) < limitBytes;
    }

    /// <summary>At least as many characters as the value serialises to; <see cref="long.MaxValue"/> when it cannot tell.</summary>
    public long Characters(object? value, int depth)
    {
        if (depth > MaxDepth) return long.MaxValue / 4;
        switch (value)
        {
            case null:
                return 4;
            case string s:
                return Text(s);
            case bool or byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal or DateTime or DateTimeOffset or TimeSpan or Guid:
                return ScalarBound;
            case Enum e:
                return ScalarBound + e.ToString().Length;
            case Uri uri:
                return Text(uri.OriginalString) + Text(uri.ToString());
            case JRaw { Value: string raw }:
                return raw.Length; // written as it is
            case JValue jvalue:
                return Characters(jvalue.Value, depth + 1);
            case JProperty property:
                return Text(property.Name) + PropertyOverhead + Characters(property.Value, depth + 1);
            case JObject obj:
            {
                long total = 2;
                foreach (var (name, token) in obj) total = Add(total, Text(name) + PropertyOverhead + Characters(token, depth + 1));
                return total;
            }
            case JArray array:
            {
                long total = 2;
                for (var i = 0; i < array.Count; i++) total = Add(total, Characters(array[i], depth + 1) + 1);
                return total;
            }
            case JContainer container:
            {
                long total = 2;
                foreach (var child in container.Children()) total = Add(total, Characters(child, depth + 1) + 1);
                return total;
            }
            case IDictionary dictionary:
            {
                long total = 2;
                foreach (DictionaryEntry entry in dictionary)
                    total = Add(total, Text(Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? "") + PropertyOverhead + Characters(entry.Value, depth + 1));
                return total;
            }
            case IEnumerable items:
            {
                long total = 2;
                foreach (var item in items) total = Add(total, Characters(item, depth + 1) + 1);
                return total;
            }
            default:
                return Object(value, depth);
        }
    }

    private long Object(object value, int depth)
    {
        // Only the schema's own classes are walked; anything else is counted exactly by the caller.
        if (value.GetType().Assembly != typeof(Activity).Assembly) return long.MaxValue / 4;
        long total = 2;
        foreach (var (read, nameLength) in Properties(value.GetType()))
        {
            var item = read(value);
            if (item is null) continue; // null values are left out of a reply
            total = Add(total, nameLength + PropertyOverhead + Characters(item, depth + 1));
        }
        return total;
    }

    // Every public readable property (as a compiled getter), with the longer of its own name and its JSON name;
    // extension data (such as an Entity's Properties) is written inline, which the dictionary's own braces over-count.
    private (Func<object, object?> Read, int NameLength)[] Properties(Type type) => _properties.GetOrAdd(type, t => t
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanRead && p.GetMethod!.IsPublic && p.GetIndexParameters().Length == 0)
        .Select(p => (Getter(t, p), Math.Max(p.Name.Length, p.GetCustomAttribute<JsonPropertyAttribute>()?.PropertyName?.Length ?? 0) + 1))
        .ToArray());

    private static Func<object, object?> Getter(Type type, PropertyInfo property)
    {
        var instance = Expression.Parameter(typeof(object));
        var read = Expression.Property(Expression.Convert(instance, type), property);
        return Expression.Lambda<Func<object, object?>>(Expression.Convert(read, typeof(object)), instance).Compile();
    }

    private static long Text(string s)
    {
        var escapable = 0;
        var rest = s.AsSpan();
        int at;
        while ((at = rest.IndexOfAny(Escapable)) >= 0)
        {
            escapable++;
            rest = rest[(at + 1)..];
        }
        return 2 + s.Length + 5L * escapable;
    }

    private static long Add(long a, long b) => a > long.MaxValue / 4 || b > long.MaxValue / 4 ? long.MaxValue / 4 : a + b;
}
