using System.Text;

namespace CmlBot.Core.Understanding;

/// <summary>
/// The form two questions are compared in to call them the same: lower case, punctuation removed, spaces collapsed.
/// "What's Gleevec?" and "whats  gleevec" are one question.
/// </summary>
public static class QuestionText
{
    public static string Normalize(string text)
    {
        var result = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (space && result.Length > 0) result.Append(' ');
                space = false;
                result.Append(char.ToLowerInvariant(c));
            }
            // An apostrophe joins ("what's" is "whats"); any other mark or space separates words.
            else if (c is not ('\'' or '’')) space = true;
        }
        return result.ToString();
    }
}
