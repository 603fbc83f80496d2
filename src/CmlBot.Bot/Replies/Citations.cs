using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace CmlBot.Bot.Replies;

/// <summary>
/// The machine-readable part of a reply: the reference numbers it cites and the passage it quotes, as an
/// activity entity and in channelData, so transcript replayers compare citations without parsing text.
/// </summary>
public static class Citations
{
    public const string EntityType = "cmlbot/citations";

    public static void Attach(IMessageActivity activity, IReadOnlyList<int> numbers, string? passageId)
    {
        var payload = new JObject
        {
            ["citations"] = new JArray(numbers.Select(n => (object)n).ToArray()),
            ["passageId"] = passageId is null ? JValue.CreateNull() : new JValue(passageId),
        };
        activity.Entities ??= [];
        activity.Entities.Add(new Entity(EntityType) { Properties = (JObject)payload.DeepClone() });
        activity.ChannelData = payload;
    }

    /// <summary>The cited numbers of a reply, or an empty list when it cites none.</summary>
    public static IReadOnlyList<int> Read(IActivity activity)
    {
        var entity = (activity as IMessageActivity)?.Entities?.FirstOrDefault(e => e.Type == EntityType);
        var numbers = entity?.Properties?["citations"] as JArray;
        return numbers?.Select(n => n.Value<int>()).ToList() ?? [];
    }
}
