using System.Text;
using Candor.Engine.Interviews;
using Candor.Engine.Questions;
using Candor.Engine.Text;

namespace Candor.Engine.Ai.Llm;

/// <summary>
/// Builds the transcript part of a prompt within a token budget (estimated as characters / 4): the most
/// recent turns verbatim, earlier questions folded into a running summary of one line each (the question and
/// the first sentence of the answer). The summary is extractive, so it is deterministic and costs no model
/// call, and the prompt stays bounded however long the interview runs.
/// </summary>
/// <remarks>Candidate text is always fenced with <see cref="CandidateFence"/>; the summary's answer excerpts too.</remarks>
public static class ConversationWindow
{
    /// <summary>Share of the budget the verbatim turns may use; the rest is kept for the summary.</summary>
    private const double VerbatimShare = 0.75;

    private const int SummaryAnswerChars = 160;

    public static int EstimateTokens(string text) => (text.Length + 3) / 4;

    public static string Build(IReadOnlyList<Turn> turns, IReadOnlyList<InterviewQuestion> plan, int maxTokens)
    {
        var budgetChars = Math.Max(1000, maxTokens * 4);
        var verbatimBudget = (int)(budgetChars * VerbatimShare);

        // Newest first: keep whole turns while they fit; the newest always goes in, cut to fit if need be.
        var verbatim = new List<string>();
        var used = 0;
        var firstVerbatim = turns.Count;
        for (var i = turns.Count - 1; i >= 0; i--)
        {
            var rendered = Render(turns[i]);
            if (verbatim.Count == 0 && rendered.Length > verbatimBudget)
            {
                // Labels and fence tags take under 100 characters; the rest is split between the two texts.
                var maxPrompt = verbatimBudget / 4;
                rendered = Render(turns[i], maxPrompt, verbatimBudget - Math.Min(maxPrompt, turns[i].Prompt.Length) - 100);
            }
            else if (used + rendered.Length > verbatimBudget)
            {
                break;
            }

            verbatim.Insert(0, rendered);
            used += rendered.Length;
            firstVerbatim = i;
        }

        var summary = Summary(turns.Take(firstVerbatim).ToList(), plan, budgetChars - used - 120);
        var builder = new StringBuilder();
        if (summary.Length > 0)
        {
            builder.Append("Summary of earlier questions (the first sentence of each answer):\n").Append(summary).Append('\n');
        }

        builder.Append("Recent turns:\n");
        foreach (var turn in verbatim)
        {
            builder.Append(turn);
        }

        return builder.ToString();
    }

    private static string Render(Turn turn, int maxPromptChars = int.MaxValue, int maxAnswerChars = int.MaxValue)
    {
        var builder = new StringBuilder();
        builder.Append("Interviewer: ").Append(Clip(turn.Prompt, maxPromptChars)).Append('\n');
        if (turn.Answer is { } answer)
        {
            // Escape first, then clip: escaping lengthens the text, and cutting never creates a '<'.
            var escaped = Clip(CandidateFence.Escape(CandidateFence.AnswerTag, answer), maxAnswerChars);
            builder.Append("Candidate:\n").Append(CandidateFence.WrapEscaped(CandidateFence.AnswerTag, escaped)).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>One line per earlier question, newest kept first when even the summary must be cut.</summary>
    private static string Summary(List<Turn> older, IReadOnlyList<InterviewQuestion> plan, int budgetChars)
    {
        if (older.Count == 0)
        {
            return string.Empty;
        }

        var byKey = plan.ToDictionary(q => q.Key, StringComparer.Ordinal);
        var lines = new List<string>();
        foreach (var group in older.GroupBy(t => t.QuestionKey ?? $"#{t.Kind}"))
        {
            var first = group.First();
            var question = first.QuestionKey is { } key && byKey.TryGetValue(key, out var q) ? q.Text : first.Prompt;
            var answer = group.Select(t => t.Answer).FirstOrDefault(a => !string.IsNullOrWhiteSpace(a));
            var sentence = answer is null ? "(no answer)" : FirstSentence(answer);
            lines.Add($"- Q: {Clip(question, SummaryAnswerChars)} A: <{CandidateFence.AnswerTag}>{sentence}</{CandidateFence.AnswerTag}>");
        }

        var kept = new List<string>();
        var used = 0;
        for (var i = lines.Count - 1; i >= 0; i--)
        {
            if (used + lines[i].Length + 1 > budgetChars - 40)
            {
                kept.Insert(0, $"- ({i + 1} earlier question{(i == 0 ? "" : "s")} omitted)");
                break;
            }

            kept.Insert(0, lines[i]);
            used += lines[i].Length + 1;
        }

        return string.Join("\n", kept);
    }

    private static string FirstSentence(string answer)
    {
        var sentences = SentenceSplitter.Split(answer);
        return Clip(CandidateFence.Escape(CandidateFence.AnswerTag, sentences.Count > 0 ? sentences[0].Text : string.Empty), SummaryAnswerChars);
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max].TrimEnd() + "…";
}
