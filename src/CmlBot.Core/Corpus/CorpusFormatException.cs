namespace CmlBot.Core.Corpus;

/// <summary>A corpus file that cannot be used; names the file and the line so an editor can fix it.</summary>
public sealed class CorpusFormatException : Exception
{
    public CorpusFormatException(string file, int line, string problem)
        : base($"{file}:{line}: {problem}")
    {
        File = file;
        LineNumber = line;
        Problem = problem;
    }

    public CorpusFormatException() : base("corpus format error") { File = ""; Problem = ""; }
    public CorpusFormatException(string message) : base(message) { File = ""; Problem = message; }
    public CorpusFormatException(string message, Exception inner) : base(message, inner) { File = ""; Problem = message; }

    public string File { get; }
    public int LineNumber { get; }
    public string Problem { get; }
}
