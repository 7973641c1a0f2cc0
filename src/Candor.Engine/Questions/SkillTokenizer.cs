namespace Candor.Engine.Questions;

/// <summary>One token of text: a run of letters/digits, or a single symbol that can be part of a skill name.</summary>
/// <param name="GluedToPrevious">No space between this token and the previous one ("js" in "Node.js").</param>
/// <param name="StartsSentence">First word after a sentence or line break, where capitalisation proves nothing.</param>
/// <param name="HyphenAfter">Followed directly by a hyphen, i.e. the first half of a compound ("go-to-market").</param>
internal readonly record struct TextToken(
    int Start,
    int Length,
    bool IsWord,
    bool GluedToPrevious,
    bool StartsSentence,
    bool HyphenAfter)
{
    public int End => Start + Length;
}

/// <summary>
/// Splits text into tokens the same way for skill names and for job descriptions, so that
/// punctuation-heavy names (C#, C++, .NET, Node.js, CI/CD) match as token sequences.
/// </summary>
/// <remarks>
/// Hyphens, underscores and other punctuation act like spaces, so "react-native" equals "react native";
/// but '#', '+', '.', '/' and '&amp;' are kept as tokens because names are spelled with them.
/// Glue (no space before a token) is recorded so ".NET" does not match "the end. Net revenue".
/// </remarks>
internal static class SkillTokenizer
{
    public static List<TextToken> Tokenize(ReadOnlySpan<char> text)
    {
        var tokens = new List<TextToken>((text.Length / 5) + 4);
        var sentenceStart = true;
        var previousEnd = -1;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c))
            {
                var start = i;
                while (i < text.Length && char.IsLetterOrDigit(text[i]))
                {
                    i++;
                }

                tokens.Add(new TextToken(start, i - start, IsWord: true, previousEnd == start, sentenceStart, HyphenAfter: false));
                sentenceStart = false;
                previousEnd = i;
                continue;
            }

            if (IsNameSymbol(c))
            {
                tokens.Add(new TextToken(i, 1, IsWord: false, previousEnd == i, StartsSentence: false, HyphenAfter: false));
                previousEnd = i + 1;
                // A full stop followed by a space ends a sentence; one followed by a letter is part of a name.
                if (c == '.' && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1])))
                {
                    sentenceStart = true;
                }
            }
            else if (c == '-' && previousEnd == i && tokens.Count > 0)
            {
                tokens[^1] = tokens[^1] with { HyphenAfter = true };
            }
            else if (IsSentenceBreak(c))
            {
                sentenceStart = true;
            }

            i++;
        }

        return tokens;
    }

    private static bool IsNameSymbol(char c) => c is '#' or '+' or '.' or '/' or '&';

    // Colons and bullets start list items ("Stack: Go, Rust"), which capitalise their first word too.
    private static bool IsSentenceBreak(char c) => c is '!' or '?' or ';' or ':' or '\n' or '\r' or '•' or '*' or '·';
}
