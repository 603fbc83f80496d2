using System.Globalization;
using System.Text;
using CmlBot.Core.Corpus;
using CmlBot.Core.Understanding;

namespace CmlBot.Bot.Understanding.Safety;

/// <summary>
/// <c>corpus/safety.weights</c>, the screen's learnt step (<see cref="SafetyLearned"/>), beside the content file
/// it goes with. <c>eval --safety --fit</c> writes it; the settings above the weights (<c>adds:</c>, <c>lead:</c>,
/// <c>floor:</c>) may be edited and are kept by the next fit. Checked at start-up: a problem names the line.
/// </summary>
public static class SafetyLearnedFile
{
    /// <summary>
    /// The file's name for a content file: <c>safety.txt</c> has <c>safety.weights</c>. Not a <c>.txt</c>: every other
    /// text file in the corpus folder is read as a summary.
    /// </summary>
    public static string Beside(string safetyFile) => Path.ChangeExtension(safetyFile, ".weights");

    /// <summary>The learnt step beside the content file, or null when there is none (the screen then works without it).</summary>
    public static SafetyLearned? LoadBeside(string safetyFile)
    {
        var path = Beside(safetyFile);
        return File.Exists(path) ? Parse(path, CorpusLoader.DecodeText(path, File.ReadAllBytes(path))) : null;
    }

    public static SafetyLearned Parse(string file, string text)
    {
        string? model = null, trained = null;
        double ridge = 0, lead = 0, floor = 0;
        var adds = SafetyClasses.None;
        var seen = new HashSet<string>();
        var weights = new float[SafetyLearned.Classes.Count][];
        var bias = new float[SafetyLearned.Classes.Count];
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            var number = i + 1;
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var colon = line.IndexOf(':');
            if (colon < 0) throw new CorpusFormatException(file, number, "expected \"key: value\"");
            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (key != "weights" && !seen.Add(key)) throw new CorpusFormatException(file, number, $"\"{key}:\" is given twice");
            switch (key)
            {
                case "model": model = value.Length > 0 ? value : throw new CorpusFormatException(file, number, "the model's name is empty"); break;
                case "trained": trained = value; break;
                case "ridge": ridge = Number(file, number, value, 0, 1000, "ridge"); break;
                case "lead": lead = Number(file, number, value, 0, 2, "lead"); break;
                case "floor": floor = Number(file, number, value, 0, 2, "floor"); break;
                case "adds": adds = Adds(file, number, value); break;
                case "weights": Weights(file, number, value, weights, bias); break;
                default: throw new CorpusFormatException(file, number, $"unknown key \"{key}:\" (model, trained, ridge, lead, floor, adds, weights)");
            }
        }
        foreach (var key in new[] { "model", "trained", "ridge", "lead", "floor", "adds" })
            if (!seen.Contains(key)) throw new CorpusFormatException(file, lines.Length, $"\"{key}:\" is missing");
        for (var c = 0; c < weights.Length; c++)
            if (weights[c] is null) throw new CorpusFormatException(file, lines.Length, $"the weights of {SafetyClassNames.Name(SafetyLearned.Classes[c])} are missing");
        return new SafetyLearned(model!, trained!, ridge, lead, floor, adds, ExampleClassifier.FromWeights([.. weights.Select(w => w!)], bias));
    }

    /// <summary>The file's text: a header saying where it comes from, the settings, then one line of weights per class.</summary>
    public static string Write(SafetyLearned learned, string source)
    {
        var text = new StringBuilder();
        AppendHeader(text, "learnt step: one score per class over a message's sentence vector", source, "adds, lead and floor");
        text.Append(CultureInfo.InvariantCulture, $"model: {learned.Model}\n");
        text.Append(CultureInfo.InvariantCulture, $"trained: {learned.Trained}\n");
        text.Append(CultureInfo.InvariantCulture, $"ridge: {learned.Ridge:R}\n");
        text.Append(CultureInfo.InvariantCulture, $"lead: {learned.Lead:R}\n");
        text.Append(CultureInfo.InvariantCulture, $"floor: {learned.Floor:R}\n");
        text.Append(CultureInfo.InvariantCulture, $"adds: {AddsValue(learned.Adds)}\n");
        var weights = learned.Classifier.Weights;
        var bias = learned.Classifier.Bias;
        for (var c = 0; c < SafetyLearned.Classes.Count; c++)
            text.Append(CultureInfo.InvariantCulture,
                $"weights: {SafetyClassNames.Name(SafetyLearned.Classes[c])} {bias[c].ToString("R", CultureInfo.InvariantCulture)} {string.Join(" ", weights[c].Select(w => w.ToString("R", CultureInfo.InvariantCulture)))}\n");
        return text.ToString();
    }

    /// <summary>The header both learnt steps' files open with: what the step reads, how and on what it was fitted, what an editor may change.</summary>
    internal static void AppendHeader(StringBuilder text, string step, string source, string editable)
    {
        text.Append(CultureInfo.InvariantCulture, $"# The safety screen's {step} (see the README).\n");
        text.Append("# Written by: dotnet run --project src/CmlBot -- eval --safety --fit\n");
        text.Append(CultureInfo.InvariantCulture, $"# Fitted on: {source}\n");
        text.Append(CultureInfo.InvariantCulture, $"# {editable} may be edited (the next fit keeps them); the weights may not.\n");
        text.Append("#   adds:  the classes it may add to what the phrases found (emergency, crisis, urgent, medicine-change)\n");
        text.Append("#   lead:  how far a class's score must lead the ordinary score (higher: fewer alarms, fewer catches)\n");
        text.Append("#   floor: the least score that counts (a message like the class's own scores about 1)\n");
    }

    /// <summary>The classes a step may add (or overrule), as an <c>adds:</c> line names them.</summary>
    public static string AddsValue(SafetyClasses adds) => string.Join(" ", SafetyClassNames.Ordered.Where(c => (adds & c) != 0).Select(SafetyClassNames.Name));

    internal static double Number(string file, int line, string value, double least, double most, string key) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x) && x >= least && x <= most
            ? x
            : throw new CorpusFormatException(file, line, $"\"{key}:\" must be a number from {least} to {most}, not \"{value}\"");

    /// <param name="may">What the line lets the step do to the classes it names ("add", "overrule").</param>
    internal static SafetyClasses Adds(string file, int line, string value, string may = "add")
    {
        var adds = SafetyClasses.None;
        foreach (var name in value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            adds |= SafetyClassNames.Parse(name) is { } c && c != SafetyClasses.None
                ? c
                : throw new CorpusFormatException(file, line, $"\"{name}\" is not a class it may {may} (emergency, crisis, urgent, medicine-change)");
        return adds;
    }

    private static void Weights(string file, int line, string value, float[]?[] weights, float[] bias)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var c = parts.Length == 0 ? null : SafetyClassNames.Parse(parts[0]);
        var index = c is null ? -1 : SafetyLearned.IndexOf(c.Value);
        if (index < 0) throw new CorpusFormatException(file, line, $"\"{(parts.Length == 0 ? "" : parts[0])}\" is not a class (emergency, crisis, urgent, medicine-change, none)");
        if (weights[index] is not null) throw new CorpusFormatException(file, line, $"the weights of {parts[0]} are given twice");
        if (parts.Length < 3) throw new CorpusFormatException(file, line, "expected the class, its bias and its weights");
        var numbers = new float[parts.Length - 1];
        for (var i = 1; i < parts.Length; i++)
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i - 1]) || !float.IsFinite(numbers[i - 1]))
                throw new CorpusFormatException(file, line, $"\"{parts[i]}\" (number {i}) is not a number");
        var width = weights.FirstOrDefault(w => w is not null)?.Length;
        if (width is not null && width != numbers.Length - 1)
            throw new CorpusFormatException(file, line, $"{numbers.Length - 1} weights, where the lines before have {width}");
        bias[index] = numbers[0];
        weights[index] = numbers[1..];
    }
}
