using System.Text;

namespace Candor.Engine.Interviews;

/// <summary>
/// The interviewer's fixed wording: greeting, neutral acknowledgements and closing. Nothing here echoes
/// candidate text, so abuse or injected instructions are never repeated back.
/// </summary>
public static class InterviewScript
{
    /// <summary>Neutral on purpose: no praise or judgement ("great answer", "correct") that could bias or leak.</summary>
    public static readonly IReadOnlyList<string> Acknowledgements = ["Thanks.", "Thank you for that.", "Understood.", "Okay, let's move on."];

    public static string Introduction(string candidateName, string jobTitle, string organization, int questionCount)
    {
        var name = FirstName(candidateName);
        var greeting = name.Length == 0 ? "Hello, and welcome." : $"Hello {name}, and welcome.";
        var questions = questionCount == 1 ? "one main question" : $"about {questionCount} questions";
        return $"{greeting} Thank you for making time to interview for the {jobTitle} role at {organization}. " +
               $"I'll ask you {questions}, and sometimes a short follow-up. " +
               "Please answer in your own words; there are no trick questions, and it's fine to take a moment before you answer. " +
               "To start, could you briefly introduce yourself?";
    }

    public static string Acknowledge(int sequence) => Acknowledgements[sequence % Acknowledgements.Count];

    public static string FirstQuestionLead => "Thank you. Let's begin.";

    public static string Closing(CloseReason reason, string candidateName, string organization)
    {
        var name = FirstName(candidateName);
        var lead = reason switch
        {
            CloseReason.EndedByCandidate => "Of course, we can stop here.",
            CloseReason.PlanComplete => "That was my last question.",
            _ => "We've reached the end of our time together.",
        };
        var thanks = name.Length == 0 ? "Thank you for your time today." : $"Thank you for your time today, {name}.";
        return $"{lead} {thanks} The hiring team at {organization} will review the interview and be in touch about next steps. Take care.";
    }

    /// <summary>The first word of the name, letters and name punctuation only: it is a greeting, not a field for text.</summary>
    public static string FirstName(string? candidateName)
    {
        var first = (candidateName ?? string.Empty).Trim().Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? string.Empty;
        var builder = new StringBuilder();
        foreach (var c in first.Where(c => char.IsLetter(c) || c is '\'' or '-' or '’').Take(40))
        {
            builder.Append(c);
        }

        return builder.ToString();
    }
}
