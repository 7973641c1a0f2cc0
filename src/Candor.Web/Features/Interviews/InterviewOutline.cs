using Candor.Web.Data.Entities;
using Candor.Web.Features.Audio;
using Candor.Web.Infrastructure;

namespace Candor.Web.Features.Interviews;

/// <summary>
/// What a candidate is told to expect, from the interview as scheduled: its mode and tools, how many questions and
/// about how long. One source for the invitation e-mail and the landing page, so the two never disagree.
/// </summary>
/// <param name="BudgetMinutes">The interview's time budget: the interviewer starts closing once it has passed.</param>
/// <param name="Speech">What the organisation's speech engines can do, so a voice interview never promises more.</param>
public sealed record InterviewOutline(int QuestionCount, int MinMinutes, int MaxMinutes, int BudgetMinutes, InterviewTools Tools, VoiceCapabilities Speech)
{
    /// <summary>Minutes per question (a follow-up included) the estimate assumes.</summary>
    public const int MinMinutesPerQuestion = 3;
    public const int MaxMinutesPerQuestion = 4;

    /// <summary>The languages the candidate's code editor highlights (the interview page's language list).</summary>
    public const string EditorLanguages = "Python, JavaScript, TypeScript and SQL";

    public static InterviewOutline Of(Interview interview, InterviewOptions options, VoiceCapabilities? speech = null) =>
        Of(interview.Plan.Count, interview.Tools, options, speech);

    /// <summary>The outline of an interview of <paramref name="count"/> questions with these tools (a job's, before anyone is invited).</summary>
    public static InterviewOutline Of(int count, InterviewTools tools, InterviewOptions options, VoiceCapabilities? speech = null)
    {
        var budget = Math.Max(1, (int)Math.Floor(options.Policy.TimeBudget.TotalMinutes));
        // Never promise more time than the budget allows: past it the interviewer wraps up whatever is left.
        var max = Math.Min(count * MaxMinutesPerQuestion, budget);
        var min = Math.Min(count * MinMinutesPerQuestion, max);
        return new InterviewOutline(count, min, max, budget, tools, speech ?? VoiceCapabilities.Full);
    }

    /// <summary>The plan has more questions than the budget leaves time for: the interview may end before the last ones.</summary>
    public bool MayRunOutOfTime => QuestionCount * MinMinutesPerQuestion > BudgetMinutes;

    /// <summary>"about 15–20 minutes", or "up to 45 minutes" when the budget is what bounds it.</summary>
    public string Duration => MayRunOutOfTime || MinMinutes == MaxMinutes
        ? $"up to {MaxMinutes} minutes"
        : $"about {MinMinutes}–{MaxMinutes} minutes";

    public string Questions => QuestionCount == 1 ? "1 question" : $"{QuestionCount} questions";

    /// <summary>"spoken" when the candidate answers out loud, else "written" (speech-to-text off types a voice interview).</summary>
    public string ModeAdjective => Tools.IsVoice && Speech.Hears ? "spoken" : "written";

    /// <summary>How the candidate answers, as a sentence.</summary>
    public string HowYouAnswer => Speech.CandidateExpectation(Tools.IsVoice);

    /// <summary>One sentence per tool that is on, in the order they appear on the interview page.</summary>
    public IReadOnlyList<string> ToolSentences
    {
        get
        {
            var sentences = new List<string>();
            if (Tools.CodeEditor)
            {
                sentences.Add($"A code editor ({EditorLanguages}) is on screen throughout the interview: use it whenever a question calls for code, and what you write is sent with your answer.");
            }
            if (Tools.Whiteboard)
            {
                sentences.Add("A whiteboard is there too, to sketch a design if it helps (mouse, touch or pen). It is optional: describe your design in words as well.");
            }
            return sentences;
        }
    }

    /// <summary>"About 5 questions, …" with the time: the one line both the e-mail and the landing page lead with.</summary>
    public string Length => MayRunOutOfTime
        ? $"About {Questions}, sometimes with a follow-up, in {Duration}: the interview wraps up at the {BudgetMinutes}-minute mark even if some questions are left."
        : $"About {Questions}, sometimes with a follow-up: {Duration} in all.";
}
