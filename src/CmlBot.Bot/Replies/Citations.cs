using CmlBot.Core.Answers;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CmlBot.Bot.Replies;

/// <summary>
/// The machine-readable part of a reply: the reference numbers it cites, so transcript replayers compare
/// citations without parsing text. Written twice on purpose: as the root schema.org Message entity with one
/// Claim per reference (the shape Teams renders as citation pop-ups and Web Chat reads for its citation
/// details), and as <c>channelData</c> <c>{"citations":[…], "passageId": …}</c>, which any channel passes through.
/// </summary>
/// <remarks>
/// Teams' shape (Bot messages with AI-generated content → citations): the entity is
/// <c>{"type": "https://schema.org/Message", "@type": "Message", "@context": "https://schema.org", "@id": "",
/// "citation": [Claim…]}</c>; each Claim is <c>{"@type": "Claim", "position": n, "appearance": {"@type":
/// "DigitalDocument", "name" (≤ 80), "abstract" (≤ 160), "url"}}</c>, matched to the <c>[n]</c> marker in the
/// text; at most 20 per message. No <c>additionalType: ["AIGeneratedContent"]</c>: the answers are quotations,
/// not generated text, so the "AI generated" label would be wrong.
/// <para>
/// The reply factory writes each claim as its JSON (a <see cref="JRaw"/>, worked out once per reference): building
/// ten claims as JObjects for every answer took two thirds of the time to build the reply, and writing them out again
/// more. The JSON on the wire is the same. Code that reads a reply's claims in process goes through
/// <see cref="Claims"/>, which reads either form.
/// </para>
/// </remarks>
public static class Citations
{
    public const string EntityType = "https://schema.org/Message";
    public const int MaxNameLength = 80;
    public const int MaxAbstractLength = 160;
    public const string PubMedSearch = "https://pubmed.ncbi.nlm.nih.gov/?term=";

    /// <param name="summaryUrl">The summary's page: the link for a reference without a title to search PubMed for.</param>
    public static void Attach(IMessageActivity activity, IReadOnlyList<CitedReference> references, string? passageId, string? summaryUrl = null) =>
        Attach(activity, references, passageId, r => new JRaw(ClaimJson(Claim(r, summaryUrl))));

    /// <param name="claim">A reference's Claim (a JObject, or its JSON as a JRaw): a new token each call, since a reply owns its entities.</param>
    public static void Attach(IMessageActivity activity, IReadOnlyList<CitedReference> references, string? passageId, Func<CitedReference, JToken> claim)
    {
        if (references.Count > TeamsOptions.MaxCitations)
            throw new ArgumentException($"at most {TeamsOptions.MaxCitations} citations fit one message; cut the list first", nameof(references));
        var claims = new JArray();
        foreach (var r in references) claims.Add(claim(r));
        // Exactly one root Message entity: a second call replaces the first rather than adding another.
        activity.Entities = (activity.Entities ?? []).Where(e => e.Type != EntityType).ToList();
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
            ["citations"] = Numbers(references),
            ["passageId"] = passageId is null ? JValue.CreateNull() : new JValue(passageId),
        };
    }

    /// <summary>The Claim for one reference (its position, short name, abstract and link).</summary>
    public static JObject Claim(CitedReference r, string? summaryUrl)
    {
        var appearance = new JObject
        {
            ["@type"] = "DigitalDocument",
            ["name"] = Shorten(r.ShortName.Length > 0 ? r.ShortName : $"Reference {r.Number}", MaxNameLength),
            ["abstract"] = Shorten(r.Title is { Length: > 0 } title ? title : r.Text, MaxAbstractLength),
        };
        if (Url(r, summaryUrl) is { } url) appearance["url"] = url;
        return new JObject
        {
            ["@type"] = "Claim",
            ["position"] = r.Number,
            ["appearance"] = appearance,
        };
    }

    /// <summary>A claim's JSON as a reply carries it (compact, as the reply is written).</summary>
    public static string ClaimJson(JObject claim) => claim.ToString(Formatting.None);

    /// <summary>A claim as an object, whichever form the reply holds it in.</summary>
    public static JObject ClaimObject(JToken claim) => claim switch
    {
        JObject obj => obj,
        JRaw { Value: string json } => JObject.Parse(json),
        _ => throw new ArgumentException($"a claim is a JSON object, not {claim.Type}", nameof(claim)),
    };

    /// <summary>The claims of a root Message entity, as objects (empty when it has none).</summary>
    public static IReadOnlyList<JObject> Claims(Entity entity) =>
        (entity.Properties?["citation"] as JArray)?.Select(ClaimObject).ToList() ?? [];

    private static JArray Numbers(IReadOnlyList<CitedReference> references)
    {
        var numbers = new JArray();
        foreach (var r in references) numbers.Add(r.Number);
        return numbers;
    }

    /// <summary>A PubMed search for the reference's title, or else the summary's own page.</summary>
    public static string? Url(CitedReference reference, string? summaryUrl) =>
        reference.Title is { Length: > 0 } title
            ? PubMedSearch + Uri.EscapeDataString(title.TrimEnd('.'))
            : string.IsNullOrWhiteSpace(summaryUrl) ? null : summaryUrl;

    /// <summary>The text cut at a word to at most <paramref name="max"/> characters, with "…" when cut.</summary>
    public static string Shorten(string text, int max)
    {
        text = text.Trim();
        if (text.Length <= max) return text;
        var cut = text[..(max - 1)];
        var space = cut.LastIndexOf(' ');
        if (space > max / 2) cut = cut[..space];
        return cut.TrimEnd(' ', ',', ';', ':', '.') + "…";
    }

    /// <summary>The root Message entities of a reply (a well-formed reply has exactly one).</summary>
    public static IReadOnlyList<Entity> Entities(IActivity activity) =>
        (activity as IMessageActivity)?.Entities?.Where(e => e.Type == EntityType).ToList() ?? [];

    /// <summary>The cited numbers of a reply, or an empty list when it cites none.</summary>
    public static IReadOnlyList<int> Read(IActivity activity)
    {
        var entity = Entities(activity).FirstOrDefault();
        return entity is null ? [] : Claims(entity).Select(c => c["position"]!.Value<int>()).ToList();
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
