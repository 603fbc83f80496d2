using CmlBot.Core.Answers;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace CmlBot.Bot.Replies;

/// <summary>
/// The machine-readable part of a reply: the reference numbers it cites, so transcript replayers compare
/// citations without parsing text. Written twice on purpose: as the schema.org Message entity with one
/// Claim per reference (the Bot Framework's citation format, which Teams and Web Chat can render), and as
/// <c>channelData</c> <c>{"citations":[…], "passageId": …}</c>, which any channel passes through.
/// </summary>
public static class Citations
{
    public const string EntityType = "https://schema.org/Message";

    public static void Attach(IMessageActivity activity, IReadOnlyList<CitedReference> references, string? passageId)
    {
        var claims = new JArray(references.Select(r => new JObject
        {
            ["@type"] = "Claim",
            ["position"] = r.Number,
            ["appearance"] = new JObject
            {
                ["@type"] = "DigitalDocument",
                ["name"] = $"[{r.Number}] {r.ShortName}",
                ["abstract"] = r.Text,
            },
        }));
        activity.Entities ??= [];
        activity.Entities.Add(new Entity(EntityType)
        {
            Properties = new JObject
            {
                ["@type"] = "Message",
                ["@context"] = "https://schema.org",
                ["@id"] = "",
                ["citation"] = claims,
            },
        });
        activity.ChannelData = new JObject
        {
            ["citations"] = new JArray(references.Select(r => (object)r.Number).ToArray()),
            ["passageId"] = passageId is null ? JValue.CreateNull() : new JValue(passageId),
        };
    }

    /// <summary>The cited numbers of a reply, or an empty list when it cites none.</summary>
    public static IReadOnlyList<int> Read(IActivity activity)
    {
        var entity = (activity as IMessageActivity)?.Entities?.FirstOrDefault(e => e.Type == EntityType);
        return (entity?.Properties?["citation"] as JArray)?.Select(c => c["position"]!.Value<int>()).ToList() ?? [];
    }

    /// <summary>The passage a reply quotes (from channelData), or null.</summary>
    public static string? PassageId(IActivity activity)
    {
        // ChannelData is dynamic: take it as a plain object before touching it.
        object? data = (activity as IMessageActivity)?.ChannelData;
        var token = data is null ? null : data as JToken ?? JToken.FromObject(data);
        return token is JObject obj && obj["passageId"] is JValue { Type: JTokenType.String } id ? (string?)id : null;
    }
}
