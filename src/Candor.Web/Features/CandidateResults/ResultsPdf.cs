using Candor.Engine.Interviews;
using Candor.Web.Features.Interviews;

namespace Candor.Web.Features.CandidateResults;

/// <summary>The results as a printable report: the same content as the results page, for people who read on paper.</summary>
public static class ResultsPdf
{
    public static byte[] Build(InterviewResultsResponse results)
    {
        var interview = results.Interview;
        var review = results.HumanReview;
        var pdf = new SimplePdf()
            .Paragraph(interview.Candidate.Name, 20, bold: true)
            .Paragraph($"{interview.JobTitle} · {ResultsText.Code(interview.Status).Replace('_', ' ')} · interviewed {ResultsText.Date(interview.StartedAt)}", muted: true);

        if (results.Report is { } report)
        {
            pdf.Heading("Overall")
                .Paragraph($"Overall score: {report.Overall} / 100", 16, bold: true)
                .Paragraph($"Recommendation: {ResultsText.Label(report.Recommendation)}", 12, bold: true)
                .Paragraph(report.Summary);
            pdf.Heading("Criterion scores");
            foreach (var (criterion, score) in report.CriterionScores)
            {
                pdf.ScoreBar(ResultsText.Humanize(criterion), score);
            }
            pdf.Heading("Competency scores");
            foreach (var (competency, score) in report.CompetencyScores)
            {
                pdf.ScoreBar(ResultsText.Humanize(competency), score);
            }
            List("Strengths", report.Strengths);
            List("Weaknesses", report.Weaknesses);
            List("Red flags", report.RedFlags.Select(f => f.Evidence is { Length: > 0 } evidence ? $"{f.Description} — “{evidence}”" : f.Description).ToList());
        }
        else
        {
            pdf.Heading("Report").Paragraph("Scoring is still in progress; this report has no scores yet.");
        }

        pdf.Heading("Human review");
        pdf.Paragraph(review.Decision is { } decision
            ? $"Decision: {ResultsText.Label(decision.Decision)} by {decision.UserName}, {ResultsText.Date(decision.CreatedAt)}{(decision.Note.Length > 0 ? $": {decision.Note}" : "")}"
            : "Decision: none recorded yet.");
        if (review.OverrideHistory.Count == 0)
        {
            pdf.Paragraph("No scores were overridden.", muted: true);
        }
        foreach (var change in review.OverrideHistory)
        {
            pdf.Paragraph($"• {ResultsText.Humanize(change.Criterion)} on {ResultsText.Question(results, change.QuestionKey)}: AI {change.AiScore}, changed to {change.HumanScore} by {change.UserName}, {ResultsText.Date(change.CreatedAt)}: {change.Note}", indent: 8);
        }

        pdf.Heading("Transcript");
        foreach (var turn in results.Transcript)
        {
            pdf.Gap(4).Paragraph($"{ResultsText.Humanize(ResultsText.Code(turn.Kind))} — Interviewer", 9, bold: true, muted: true).Paragraph(turn.Prompt);
            if (turn.Answer is { } answer)
            {
                pdf.Paragraph("Candidate", 9, bold: true, muted: true).Paragraph(answer, indent: 8);
            }
            if (turn.Evaluation is { } evaluation && turn.Kind is TurnKind.Question or TurnKind.FollowUp)
            {
                pdf.Paragraph($"Answer score: {evaluation.Score} / 100", bold: true);
                foreach (var criterion in evaluation.Criteria)
                {
                    var human = review.OverrideFor(turn.TurnId, criterion.Criterion);
                    pdf.ScoreBar(ResultsText.Humanize(criterion.Criterion), human?.HumanScore ?? criterion.Score, human is null ? null : $" (human; AI {criterion.Score})");
                }
            }
        }
        return pdf.ToBytes($"Candor report: {interview.Candidate.Name}");

        void List(string heading, IReadOnlyList<string> items)
        {
            pdf.Heading(heading, 12);
            if (items.Count == 0)
            {
                pdf.Paragraph("None.", muted: true);
            }
            foreach (var item in items)
            {
                pdf.Paragraph($"• {item}", indent: 8);
            }
        }
    }
}
