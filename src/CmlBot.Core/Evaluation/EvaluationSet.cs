using System.Text.Json;
using System.Text.Json.Serialization;

namespace CmlBot.Core.Evaluation;

/// <summary>
/// A hand-written evaluation set: questions as patients ask them, each with the sentence(s) of the
/// summary that answer it (by a distinctive piece of their text, or "ref:N" for a reference), and a
/// hand annotation of which references the summary attaches to each sentence, to check citations
/// against something other than the parser.
/// </summary>
public sealed record EvaluationSet(
    [property: JsonPropertyName("sentences")] IReadOnlyList<GoldSentence> Sentences,
    [property: JsonPropertyName("questions")] IReadOnlyList<EvalQuestion> Questions)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        // A set without "sentences", or a question without "gold", is an error naming the file, not a crash later.
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    public static EvaluationSet Load(string path)
    {
        try
        {
            var set = JsonSerializer.Deserialize<EvaluationSet>(File.ReadAllText(path), Options)
                      ?? throw new InvalidDataException($"{path}: empty evaluation set");
            var i = 0;
            foreach (var q in set.Questions)
            {
                i++;
                if (string.IsNullOrWhiteSpace(q.Question)) throw new InvalidDataException($"{path}: question {i} has no text");
                foreach (var g in q.Gold.Where(g => !g.StartsWith("ref:", StringComparison.Ordinal)))
                    if (set.Sentences.All(s => !s.Key.Equals(g, StringComparison.Ordinal)))
                        throw new InvalidDataException($"{path}: question {i} (\"{q.Question}\") names gold \"{g}\", which is not among the annotated sentences");
            }
            return set;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}:{(e.LineNumber ?? 0) + 1}: {e.Message}", e);
        }
    }
}

/// <param name="Key">The start of the sentence, enough to tell it from the others.</param>
public sealed record GoldSentence(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("references")] IReadOnlyList<int> References);

/// <param name="Gold">Sentence keys or "ref:N"; empty when the summary does not answer the question.</param>
/// <param name="Subject">For a question the summary does not answer: the not-covered subject that fits, if one does.</param>
public sealed record EvalQuestion(
    [property: JsonPropertyName("q")] string Question,
    [property: JsonPropertyName("gold")] IReadOnlyList<string> Gold,
    [property: JsonPropertyName("tags")] IReadOnlyList<string>? Tags = null,
    [property: JsonPropertyName("subject")] string? Subject = null)
{
    [JsonIgnore] public bool Answerable => Gold.Count > 0;
    [JsonIgnore] public IReadOnlyList<string> TagList => Tags ?? [];
}
