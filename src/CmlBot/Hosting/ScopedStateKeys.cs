using CmlBot.DirectLine;
using Microsoft.Bot.Builder;

namespace CmlBot.Hosting;

/// <summary>
/// Bot state is keyed by channel id and conversation (or user) id, both of which a caller of /api/messages chooses.
/// Turns of the host's own Direct Line are kept under <see cref="LocalDirectLinePrefix"/>: /api/messages refuses a
/// channel id with a colon (<see cref="MessagesAccess.RefuseActivity"/>), so no activity posted there can name a
/// key of a web-page conversation, even with that conversation's id and <c>channelId: "directline"</c>.
/// </summary>
public static class ScopedStateKeys
{
    public const string LocalDirectLinePrefix = "host-directline:";

    public static string For(ITurnContext turnContext, string key) =>
        turnContext.Adapter is DirectLineAdapter ? LocalDirectLinePrefix + key : key;
}
