using System.Globalization;
using System.Text.RegularExpressions;

namespace Candor.Engine.Questions;

/// <summary>
/// Reads the seniority a job asks for. The title is the recruiter's own label, so it beats the years asked for,
/// which beat phrases in the description (those are noisy: a senior role may "mentor junior engineers").
/// </summary>
internal static partial class SeniorityDetector
{
    public static (Seniority Level, IReadOnlyList<string> Cues) Detect(string title, string description)
    {
        var cues = new List<string>();

        var titleLevel = HighestLevel(title, TitlePatterns, cues, "title says");
        var (years, yearsCue) = MostYearsAskedFor(title + "\n" + description);
        if (yearsCue is not null)
        {
            cues.Add(yearsCue);
        }

        var textLevel = HighestLevel(description, DescriptionPatterns, cues, "description says");
        var level = titleLevel ?? (years is { } n ? LevelForYears(n) : textLevel) ?? Seniority.Mid;
        return (level, cues);
    }

    internal static Seniority LevelForYears(int years) => years switch
    {
        <= 2 => Seniority.Junior,
        <= 4 => Seniority.Mid,
        <= 9 => Seniority.Senior,
        _ => Seniority.Lead,
    };

    // Title and description use different patterns: "Lead" in a title is a rank, in prose it is a verb.
    private static Seniority? HighestLevel(
        string text, (Seniority Level, Regex Pattern)[] patterns, List<string> cues, string source)
    {
        Seniority? highest = null;
        foreach (var (level, pattern) in patterns)
        {
            var match = pattern.Match(text);
            if (match.Success)
            {
                cues.Add($"{source} '{match.Value.Trim()}'");
                highest = highest is { } h && h > level ? h : level;
            }
        }

        return highest;
    }

    private static (int? Years, string? Cue) MostYearsAskedFor(string text)
    {
        (int? Years, string? Cue) most = (null, null);
        foreach (Match match in YearsPattern().Matches(text))
        {
            var years = int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
            if (most.Years is { } m && m >= years)
            {
                continue;
            }

            var upTo = match.Groups["to"];
            most = (years, upTo.Success ? $"asks for {years}-{upTo.Value} years" : $"asks for {years}+ years");
        }

        return most;
    }

    private static readonly (Seniority Level, Regex Pattern)[] TitlePatterns =
    [
        (Seniority.Junior, TitleJunior()),
        (Seniority.Senior, TitleSenior()),
        (Seniority.Lead, TitleLead()),
    ];

    private static readonly (Seniority Level, Regex Pattern)[] DescriptionPatterns =
    [
        (Seniority.Junior, TextJunior()),
        (Seniority.Senior, TextSenior()),
        (Seniority.Lead, TextLead()),
    ];

    [GeneratedRegex(@"\b(?:intern(?:ship)?|junior|entry[- ]level|graduate|new[- ]grad|trainee|apprentice)\b|\bjr\b\.?", RegexOptions.IgnoreCase)]
    private static partial Regex TitleJunior();

    [GeneratedRegex(@"\b(?:senior|sr|snr)\b\.?", RegexOptions.IgnoreCase)]
    private static partial Regex TitleSenior();

    // "Lead Generation Specialist" is not a lead; "Demand Gen Lead" is.
    [GeneratedRegex(@"\b(?:lead(?:er)?(?!\s*gen)|staff|principal|head of|director|vp|vice president|chief|architect|engineering manager|manager of engineers)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TitleLead();

    [GeneratedRegex(@"\b(?:entry[- ]level|new[- ]grads?|recent graduates?|graduate (?:program|programme|role|scheme)|internship|no (?:prior )?experience (?:required|needed)|junior (?:role|position|level))\b", RegexOptions.IgnoreCase)]
    private static partial Regex TextJunior();

    [GeneratedRegex(@"\b(?:senior[- ]level|senior (?:role|position)|(?:as|hiring|seeking|for) an? (?:senior|sr\.?)\b|mentor(?:ing)? (?:junior|other) (?:engineers|developers|team members))", RegexOptions.IgnoreCase)]
    private static partial Regex TextSenior();

    [GeneratedRegex(@"\b(?:(?:lead|manage|managing|leading|build and lead|grow and lead) an? (?:small |growing |high-performing )?team of|direct reports|manager of engineers|people management|(?:as|hiring|seeking|for) an? (?:lead|staff|principal)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex TextLead();

    // "5+ years", "3-5 years", "at least 8 years", "5 years of professional experience"; a range counts from its floor.
    [GeneratedRegex(
        @"\b(?:(?:at\s+least|minimum(?:\s+of)?|min\.?|over|more\s+than)\s+(?<n>\d{1,2})\s*\+?\s*(?:years?|yrs?)\b"
        + @"|(?<n>\d{1,2})\s*(?:-|–|to)\s*(?<to>\d{1,2})\s*(?:years?|yrs?)\b"
        + @"|(?<n>\d{1,2})\s*\+\s*(?:years?|yrs?)\b"
        + @"|(?<n>\d{1,2})\s*(?:years?|yrs?)\s+(?:of\s+)?(?:[a-z-]+\s+){0,3}?experience)",
        RegexOptions.IgnoreCase)]
    private static partial Regex YearsPattern();
}
