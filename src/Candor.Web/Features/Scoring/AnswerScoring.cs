using Candor.Engine.Interviews;
using Candor.Engine.Questions;
using Candor.Engine.Scoring;

namespace Candor.Web.Features.Scoring;

/// <summary>
/// How answers become evaluations and evaluations become report outcomes. Shared by the scoring jobs and the
/// interview simulation harness, so the harness scores exactly the way production does.
/// </summary>
public static class AnswerScoring
{
    /// <summary>
    /// The evaluator's input for one answered turn: everything the candidate said on its question up to and
    /// including that turn, so a follow-up answer can cover what the first one missed.
    /// </summary>
    public static EvaluationRequest Request(InterviewQuestion question, IEnumerable<string> answersSoFar, AnswerMode mode) =>
        new(question, string.Join("\n\n", answersSoFar), mode);

    /// <summary>
    /// One outcome per plan question, in plan order: asked when any turn carries its key; each turn's evaluation
    /// covers all answers so far, so the latest one is the question's score.
    /// </summary>
    /// <param name="turns">The interview's turns in sequence order, with their evaluations where scored.</param>
    /// <param name="lowSpeechConfidence">Questions with a spoken answer transcribed with low confidence: marked, not scored as weak.</param>
    public static List<QuestionOutcome> Outcomes(
        IReadOnlyList<InterviewQuestion> plan, IReadOnlyList<(string? QuestionKey, AnswerEvaluation? Evaluation)> turns, IReadOnlySet<string>? lowSpeechConfidence = null) =>
        [.. plan.Select(question =>
        {
            var asked = turns.Where(t => t.QuestionKey == question.Key).ToList();
            return new QuestionOutcome(question, asked.Count > 0, asked.LastOrDefault(t => t.Evaluation is not null).Evaluation,
                lowSpeechConfidence?.Contains(question.Key) == true);
        })];
}
