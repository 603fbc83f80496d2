using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CmlBot.Transcripts;

/// <summary>
/// Reads a recorded transcript: a JSON array of activities (what Bot Framework Emulator and
/// FileTranscriptLogger write) or an object holding them in a "transcript" (or "activities") field.
/// Each user activity (from.role "user", or any sender that is not the bot, so Emulator's first
/// conversationUpdate with no role counts) opens a turn; the bot activities after it are its expected
/// replies, typing and trace aside.
/// </summary>
public static class TranscriptReader
{
    internal static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings
    {
        NullValueHandling = NullValueHandling.Ignore,
        DateParseHandling = DateParseHandling.None,
    });

    public static TranscriptCase Read(string path)
    {
        var (activities, _) = Load(path);
        return ToCase(path, activities);
    }

    /// <summary>The activities with their JSON (kept verbatim for --update), and whether the file was the object shape.</summary>
    internal static (IReadOnlyList<(Activity Activity, JObject Json)> Activities, bool ObjectShape) Load(string path)
    {
        JToken root;
        try
        {
            using var text = File.OpenText(path);
            using var reader = new JsonTextReader(text) { DateParseHandling = DateParseHandling.None };
            root = JToken.ReadFrom(reader, new JsonLoadSettings { LineInfoHandling = LineInfoHandling.Load });
            if (reader.Read() && reader.TokenType != JsonToken.Comment)
                throw new TranscriptFormatException(path, reader.LineNumber, reader.LinePosition, "unexpected content after the transcript");
        }
        catch (JsonReaderException e)
        {
            throw new TranscriptFormatException(path, e.LineNumber, e.LinePosition, "not valid JSON: " + FirstSentence(e.Message));
        }
        catch (IOException e)
        {
            throw new TranscriptFormatException(path, 0, 0, "cannot read the file: " + e.Message);
        }

        var objectShape = root is JObject;
        var array = root switch
        {
            JArray a => a,
            JObject o when o["transcript"] is JArray a => a,
            JObject o when o["activities"] is JArray a => a,
            _ => throw Error(path, root, "expected a JSON array of activities, or an object with a \"transcript\" array"),
        };

        var result = new List<(Activity, JObject)>();
        foreach (var token in array)
        {
            if (token is not JObject json || json["type"]?.Type != JTokenType.String)
                throw Error(path, token, "each activity must be an object with a \"type\"");
            Activity activity;
            try { activity = json.ToObject<Activity>(Serializer)!; }
            catch (JsonException e) { throw Error(path, token, "not an activity: " + FirstSentence(e.Message)); }
            result.Add((activity, json));
        }
        if (result.Count == 0) throw Error(path, array, "the transcript holds no activity");
        return (result, objectShape);
    }

    internal static TranscriptCase ToCase(string path, IReadOnlyList<(Activity Activity, JObject Json)> activities)
    {
        var botIds = BotIds(activities.Select(a => a.Activity));
        var turns = new List<(Activity User, List<ExpectedReply> Replies)>();
        foreach (var (activity, json) in activities)
        {
            if (IsFromBot(activity, botIds))
            {
                if (ReplyFacts.IsIgnored(activity)) continue;
                if (turns.Count == 0) throw Error(path, json, "a bot activity before any user activity: nothing to replay it from");
                turns[^1].Replies.Add(ReplyFacts.ToExpected(activity) with { Line = Line(json) });
            }
            else if (OpensTurn(activity, botIds))
            {
                turns.Add((activity, []));
            }
        }
        return new TranscriptCase(Path.GetFileName(path), path,
            turns.Select((t, i) => new Turn(i + 1, t.User, t.Replies)).ToList(), IsChatFile: false);
    }

    /// <summary>The activities that open a turn (the user's, typing aside), as reading a case counts them.</summary>
    internal static List<(Activity Activity, JObject Json)> UserTurns(IReadOnlyList<(Activity Activity, JObject Json)> activities)
    {
        var botIds = BotIds(activities.Select(a => a.Activity));
        return activities.Where(a => OpensTurn(a.Activity, botIds)).ToList();
    }

    private static bool OpensTurn(Activity a, IReadOnlySet<string> botIds) => !IsFromBot(a, botIds) && a.Type != ActivityTypes.Typing;

    internal static bool IsFromBot(Activity a, IReadOnlySet<string> botIds) =>
        string.Equals(a.From?.Role, RoleTypes.Bot, StringComparison.OrdinalIgnoreCase)
        || (string.IsNullOrEmpty(a.From?.Role) && a.From?.Id is { } id && botIds.Contains(id));

    // The bot's ids: any account that speaks, or is spoken to, with the role "bot".
    private static HashSet<string> BotIds(IEnumerable<Activity> activities) =>
        activities.SelectMany(a => new[] { a.From, a.Recipient })
            .Where(acc => acc?.Id is not null && string.Equals(acc.Role, RoleTypes.Bot, StringComparison.OrdinalIgnoreCase))
            .Select(acc => acc!.Id)
            .ToHashSet(StringComparer.Ordinal);

    private static TranscriptFormatException Error(string path, JToken token, string problem)
    {
        var info = (IJsonLineInfo)token;
        return new TranscriptFormatException(path, info.HasLineInfo() ? info.LineNumber : 0, info.HasLineInfo() ? info.LinePosition : 0, problem);
    }

    private static int Line(JToken token) => ((IJsonLineInfo)token).HasLineInfo() ? ((IJsonLineInfo)token).LineNumber : 0;

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path '", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
