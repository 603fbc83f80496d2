using System.Globalization;
using System.Text;
using CmlBot.Core.Corpus;

namespace CmlBot.Bot.Understanding.Safety;

/// <summary>
/// <c>corpus/safety.words</c>, the screen's word step (<see cref="SafetyWords"/>), beside the content file it goes with.
/// <c>eval --safety --fit</c> writes it; the settings above the weights (<c>adds:</c>, <c>lead:</c>, <c>floor:</c>,
/// <c>least:</c>, <c>veto:</c>, <c>vetoes:</c>) may be edited and are kept by the next fit. Each weight line is five
/// integers, the class weights in steps of <see cref="SafetyWords.Step"/> (emergency, crisis, urgent, medicine-change,
/// none), then the word or pair.
/// Checked at start-up: a problem names the line.
/// </summary>
public static class SafetyWordsFile
{
    /// <summary>The file's name for a content file: <c>safety.txt</c> has <c>safety.words</c>.</summary>
    public static string Beside(string safetyFile) => Path.ChangeExtension(safetyFile, ".words");

    /// <summary>The word step beside the content file, or null when there is none (the screen then works without it).</summary>
    public static SafetyWords? LoadBeside(string safetyFile)
    {
        var path = Beside(safetyFile);
        return File.Exists(path) ? Parse(path, CorpusLoader.DecodeText(path, File.ReadAllBytes(path))) : null;
    }

    private static readonly string[] Keys = ["trained", "ridge", "least", "lead", "floor", "adds", "veto", "vetoes", "bias"];

    public static SafetyWords Parse(string file, string text)
    {
        var values = new Dictionary<string, (string Value, int Line)>(StringComparer.Ordinal);
        var weights = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            var number = i + 1;
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line[0] is '-' or (>= '0' and <= '9'))
            {
                var (gram, w) = Weights(file, number, line);
                if (!weights.TryAdd(gram, w)) throw new CorpusFormatException(file, number, $"\"{gram}\" is given twice");
                continue;
            }
            var colon = line.IndexOf(':');
            if (colon < 0) throw new CorpusFormatException(file, number, "expected \"key: value\" or a line of weights");
            var key = line[..colon].Trim();
            if (!Keys.Contains(key)) throw new CorpusFormatException(file, number, $"unknown key \"{key}:\" ({string.Join(", ", Keys)})");
            if (!values.TryAdd(key, (line[(colon + 1)..].Trim(), number))) throw new CorpusFormatException(file, number, $"\"{key}:\" is given twice");
        }
        foreach (var key in Keys)
            if (!values.ContainsKey(key)) throw new CorpusFormatException(file, lines.Length, $"\"{key}:\" is missing");
        double Number(string key, double least, double most) => SafetyLearnedFile.Number(file, values[key].Line, values[key].Value, least, most, key);
        var bias = Integers(file, values["bias"].Line, values["bias"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (bias.Length != SafetyLearned.Classes.Count)
            throw new CorpusFormatException(file, values["bias"].Line, $"\"bias:\" needs {SafetyLearned.Classes.Count} numbers, one per class");
        return new SafetyWords(values["trained"].Value, Number("ridge", 0, 1000), (int)Number("least", 1, 1000), Number("lead", 0, 2), Number("floor", 0, 2),
            SafetyLearnedFile.Adds(file, values["adds"].Line, values["adds"].Value), Number("veto", 0, 2),
            SafetyLearnedFile.Adds(file, values["vetoes"].Line, values["vetoes"].Value, "overrule"), weights, bias);
    }

    /// <summary>The file's text: a header saying where it comes from, the settings, then one line per word or pair.</summary>
    public static string Write(SafetyWords words, string source)
    {
        var text = new StringBuilder();
        SafetyLearnedFile.AppendHeader(text, "word step: one score per class over a message's words and word pairs", source, "adds, lead, floor, least, veto and vetoes");
        text.Append("#   least: how many labelled messages a word or pair must be in to get a weight\n");
        text.Append("#   vetoes: the classes it may overrule when the words and the sentence vector both read a message as ordinary (none: leave it empty)\n");
        text.Append("#   veto:  how far the ordinary score must lead the class's score to overrule it (higher: fewer overruled)\n");
        text.Append(CultureInfo.InvariantCulture, $"# Below the bias line, one line per word or pair: its weights for emergency, crisis, urgent, medicine-change and none in steps of {SafetyWords.Step:R}, then the word or pair.\n");
        text.Append(CultureInfo.InvariantCulture, $"trained: {words.Trained}\n");
        text.Append(CultureInfo.InvariantCulture, $"ridge: {words.Ridge:R}\n");
        text.Append(CultureInfo.InvariantCulture, $"least: {words.Least}\n");
        text.Append(CultureInfo.InvariantCulture, $"lead: {words.Lead:R}\n");
        text.Append(CultureInfo.InvariantCulture, $"floor: {words.Floor:R}\n");
        text.Append(CultureInfo.InvariantCulture, $"adds: {SafetyLearnedFile.AddsValue(words.Adds)}\n");
        text.Append(CultureInfo.InvariantCulture, $"veto: {words.Veto:R}\n");
        text.Append(CultureInfo.InvariantCulture, $"vetoes: {SafetyLearnedFile.AddsValue(words.Vetoes)}\n");
        text.Append(CultureInfo.InvariantCulture, $"bias: {Steps(words.Bias)}\n");
        foreach (var (gram, w) in words.Weights.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            text.Append(CultureInfo.InvariantCulture, $"{Steps(w)} {gram}\n");
        return text.ToString();
    }

    private static string Steps(IEnumerable<float> weights) =>
        string.Join(" ", weights.Select(w => ((long)Math.Round(w / SafetyWords.Step)).ToString(CultureInfo.InvariantCulture)));

    private static (string Gram, float[] Weights) Weights(string file, int line, string text)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var classes = SafetyLearned.Classes.Count;
        if (parts.Length < classes + 1 || parts.Length > classes + 2)
            throw new CorpusFormatException(file, line, $"expected {classes} weights, then a word or a pair of words");
        var gram = string.Join(' ', parts[classes..]);
        if (!gram.All(c => char.IsLetterOrDigit(c) || c == ' '))
            throw new CorpusFormatException(file, line, $"\"{gram}\" is not a word or a pair of words (letters and digits)");
        return (gram, Integers(file, line, parts[..classes]));
    }

    private static float[] Integers(string file, int line, string[] parts)
    {
        var numbers = new float[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            numbers[i] = int.TryParse(parts[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var k)
                ? (float)(k * SafetyWords.Step)
                : throw new CorpusFormatException(file, line, $"\"{parts[i]}\" (number {i + 1}) is not a whole number");
        return numbers;
    }
}
