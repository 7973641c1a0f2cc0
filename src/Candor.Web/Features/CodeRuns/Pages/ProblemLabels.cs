using Candor.Engine.Technical;

namespace Candor.Web.Features.CodeRuns.Pages;

/// <summary>Human wording for the problem pages; the query string and the form post the API's wire names (python, easy, …).</summary>
public static class ProblemLabels
{
    /// <summary>The languages in the order the pages list them.</summary>
    public static readonly IReadOnlyList<CodeLanguage> Languages =
        [CodeLanguage.Python, CodeLanguage.JavaScript, CodeLanguage.TypeScript, CodeLanguage.CSharp, CodeLanguage.Sql];

    public static readonly IReadOnlyList<ProblemDifficulty> Difficulties = [ProblemDifficulty.Easy, ProblemDifficulty.Medium, ProblemDifficulty.Hard];

    /// <summary>The 3-step hint ladder's steps, in order.</summary>
    public static readonly IReadOnlyList<string> HintSteps = ["Nudge", "Approach", "Near-solution"];

    public static string Of(CodeLanguage language) => LanguageNames.Display(language);

    /// <summary>A wire name ("csharp") in words ("C#"); an unknown name as it is.</summary>
    public static string OfLanguage(string wireName) => LanguageNames.TryParse(wireName) is { } language ? Of(language) : wireName;

    /// <summary>Where a wire name sorts in <see cref="Languages"/> (unknown names last).</summary>
    public static int OrderOf(string wireName) =>
        LanguageNames.TryParse(wireName) is { } language && Languages.Contains(language) ? Languages.ToList().IndexOf(language) : int.MaxValue;

    public static string Of(ProblemDifficulty difficulty) => difficulty.ToString();

    /// <summary>"easy" → "Easy".</summary>
    public static string OfDifficulty(string wireName) => LanguageNames.TryParseDifficulty(wireName) is { } difficulty ? Of(difficulty) : wireName;

    public static string Count(int count) => count == 1 ? "1 problem" : $"{count} problems";
}
