using Microsoft.Bot.Schema;
using Newtonsoft.Json;

namespace CmlBot.Bot.Replies;

/// <summary>
/// An outgoing activity's size as Teams counts it: the whole serialised payload, encoded as UTF-16
/// (two bytes a character), images referenced by URL rather than inlined.
/// </summary>
public static class MessageSize
{
    private static readonly JsonSerializerSettings Settings = new()
    {
        NullValueHandling = NullValueHandling.Ignore,
        Formatting = Formatting.None,
    };

    /// <summary>
    /// Room left for what the adapter adds to a reply after it is built (ids, from, recipient, conversation,
    /// service URL, timestamps, reply-to id): replies are built to fit the limit less this.
    /// </summary>
    public const int EnvelopeBytes = 4096;

    public static int Utf16Bytes(IActivity activity) => JsonConvert.SerializeObject(activity, Settings).Length * 2;
}
