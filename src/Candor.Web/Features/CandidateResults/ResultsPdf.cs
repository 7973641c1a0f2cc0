using Candor.Engine.Interviews;
using Candor.Web.Features.Interviews;
using Candor.Web.Features.Rooms;

namespace Candor.Web.Features.CandidateResults;

/// <summary>
/// The results as a printable report, for people who read on paper: the organisation's name and "Page N of M" on
/// every page, the AI's scores with reviewers' adjustments beside them, per answer the submitted code and the
/// whiteboard sketch, and each technical room (runs, hints, review, difficulty, weaknesses, the submitted code).
/// Human words throughout (the codes stay in the API); never the candidate's e-mail.
/// </summary>
public static class ResultsPdf
{
    /// <param name="whiteboards">PNG sketches by turn id (the results carry only their links).</param>
    public static byte[] Build(InterviewResultsResponse results, string organizationName, IReadOnlyDictionary<Guid, byte[]> whiteboards)
    {
        var interview = results.Interview;
        var review = results.HumanReview;
        var adjusted = review.Adjusted;
        using var pdf = new PdfFlow($"Candor report: {interview.Candidate.Name}", $"{organizationName} · Interview report · Confidential");
        pdf.Paragraph(organizationName, 11, bold: true, muted: true)
            .Paragraph(interview.Candidate.Name, 20, bold: true)
            .Paragraph($"{interview.JobTitle} · {ResultsText.Label(interview.Status)} · interviewed {ResultsText.Date(interview.StartedAt)}", muted: true);

        if (results.Report is { } report)
        {
            pdf.Heading("Overall")
                .Paragraph($"Overall score: {report.Overall} / 100", 16, bold: true)
                .Paragraph($"Recommendation: {ResultsText.Label(report.Recommendation)}", 12, bold: true);
            if (adjusted is not null)
            {
                pdf.Paragraph($"After reviewers' overrides: {adjusted.Overall} / 100, {ResultsText.Label(adjusted.Recommendation)}", 12, bold: true)
                    .Paragraph("The adjusted figures apply the same scoring rules to the reviewers' scores; the AI's figures above are kept as they were.", 9, muted: true);
            }
            pdf.Paragraph(ResultsText.Answered(interview.Status, report.QuestionsAnswered, results.Questions.Count), bold: true)
                .Paragraph(ResultsText.Prose(report.Summary));
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
            List("Strengths", [.. report.Strengths.Select(ResultsText.Prose)]);
            List("Weaknesses", [.. report.Weaknesses.Select(ResultsText.Prose)]);
            List("Red flags", [.. report.RedFlags.Select(f => $"{ResultsText.RedFlagLabel(f.Code)}: {ResultsText.Prose(f.Description)}{(f.Evidence is { Length: > 0 } evidence ? $" — “{evidence}”" : "")}")]);
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

        foreach (var room in results.Technical?.Rooms ?? [])
        {
            Technical(room);
        }

        pdf.Heading("Transcript");
        foreach (var turn in results.Transcript)
        {
            var label = ResultsText.Label(turn.Kind) + (turn.QuestionKey is null ? "" : $" · {ResultsText.Question(results, turn.QuestionKey)}");
            pdf.Gap(4).Paragraph($"{label} — Interviewer", 9, bold: true, muted: true).Paragraph(turn.Prompt);
            if (turn.Answer is { } answer)
            {
                pdf.Paragraph("Candidate", 9, bold: true, muted: true).Paragraph(answer, indent: 8);
            }
            if (!string.IsNullOrWhiteSpace(turn.Code))
            {
                pdf.Paragraph("Submitted code", 9, bold: true, muted: true).Code(turn.Code);
            }
            if (whiteboards.TryGetValue(turn.TurnId, out var sketch))
            {
                pdf.Paragraph("Whiteboard", 9, bold: true, muted: true).Image(sketch, "The candidate's whiteboard sketch sent with this answer.");
            }
            if (turn.Evaluation is { } evaluation && turn.Kind is TurnKind.Question or TurnKind.FollowUp)
            {
                pdf.Paragraph(adjusted.For(turn.TurnId) is { } changed
                    ? $"Answer score: {changed.AdjustedScore} / 100 after overrides (AI: {evaluation.Score})"
                    : $"Answer score: {evaluation.Score} / 100", bold: true);
                foreach (var criterion in evaluation.Criteria)
                {
                    var human = review.OverrideFor(turn.TurnId, criterion.Criterion);
                    pdf.ScoreBar(ResultsText.Humanize(criterion.Criterion), human?.HumanScore ?? criterion.Score, human is null ? null : $" (reviewer; AI {criterion.Score})");
                }
            }
        }
        return pdf.ToBytes();

        // A technical room: what was asked, the runs, hints, the latest review, difficulty, weaknesses and the code that counts.
        void Technical(RoomReport room)
        {
            pdf.Heading(TechnicalText.Heading(room))
                .Paragraph($"{(room.Problem is { } problem ? $"{problem.Title}, {TechnicalText.Difficulty(problem.Difficulty).ToLowerInvariant()}" : "No problem set")} · "
                    + $"{TechnicalText.Language(room.Language)} · {TechnicalText.Mode(room.Mode)} · {room.HintsUsed} {(room.HintsUsed == 1 ? "hint" : "hints")} used · "
                    + $"AI conversation: {room.ConversationTurns} {(room.ConversationTurns == 1 ? "turn" : "turns")}", muted: true);
            pdf.Heading("Runs and submissions", 12);
            if (room.Runs.Count == 0)
            {
                pdf.Paragraph("The candidate never ran their code.", muted: true);
            }
            foreach (var run in room.Runs)
            {
                pdf.Paragraph($"{run.Number}. {TechnicalText.RunMode(run.Mode)}: {TechnicalText.Verdict(run.Verdict)}, {TechnicalText.Tests(run)} tests passed, "
                    + $"{TechnicalText.Duration(run.DurationMs)}, {ResultsText.Date(run.CreatedAt)}", indent: 8);
            }
            pdf.Heading("Hints", 12);
            if (room.Hints.Count == 0)
            {
                pdf.Paragraph("No hints used.", muted: true);
            }
            foreach (var hint in room.Hints)
            {
                pdf.Paragraph($"• {TechnicalText.HintLevel(hint.Level)}: {hint.Hint}", indent: 8);
            }
            pdf.Heading("Code review", 12);
            if (room.LatestReview is { } review)
            {
                pdf.Paragraph($"Review score: {review.Score} / 100", bold: true).Paragraph(review.Summary);
                foreach (var (category, detail) in review.Categories)
                {
                    pdf.ScoreBar(ResultsText.Humanize(category), detail.Score);
                }
                foreach (var suggestion in review.Suggestions)
                {
                    pdf.Paragraph($"• {TechnicalText.Suggestion(suggestion)}", indent: 8);
                }
            }
            else
            {
                pdf.Paragraph("The code was not reviewed.", muted: true);
            }
            pdf.Heading("Difficulty over time", 12)
                .Paragraph(string.Join(" → ", room.DifficultyOverTime.Select(p => TechnicalText.Difficulty(p.Difficulty))));
            pdf.Heading("Weaknesses seen", 12);
            if (room.Weaknesses.Count == 0)
            {
                pdf.Paragraph("No weakness signals in this exercise.", muted: true);
            }
            foreach (var weakness in room.Weaknesses)
            {
                pdf.Paragraph($"• {TechnicalText.Weakness(weakness.Category)} ({weakness.Count}): {string.Join("; ", weakness.Evidence.Select(TechnicalText.Evidence))}", indent: 8);
            }
            pdf.Heading("Submitted code", 12);
            if (room.FinalSubmission is { } final)
            {
                pdf.Paragraph($"Submission {final.Number}: {TechnicalText.Tests(final)} hidden tests passed ({TechnicalText.Verdict(final.Verdict)}).", muted: true)
                    .Code(final.Code);
            }
            else
            {
                pdf.Paragraph("The candidate never submitted.", muted: true);
            }
        }

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
