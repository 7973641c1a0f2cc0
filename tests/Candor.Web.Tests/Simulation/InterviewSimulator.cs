using System.Text;
using Candor.Engine.Ai;
using Candor.Engine.Interviews;
using Candor.Engine.Questions;
using Candor.Engine.Scoring;
using Candor.Web.Features.Interviews;
using Candor.Web.Features.Scoring;
using Candor.Web.Providers;

namespace Candor.Web.Tests.Simulation;

/// <summary>Limits and clock for simulated interviews: production defaults unless a test says otherwise.</summary>
public sealed record SimulationSettings
{
    public InterviewPolicyOptions Policy { get; init; } = new();

    public RecommendationThresholds Thresholds { get; init; } = new();

    /// <summary>Simulated time per turn (the policy's time budget counts it).</summary>
    public TimeSpan TurnDuration { get; init; } = TimeSpan.FromMinutes(1);

    public DateTimeOffset Start { get; init; } = new(2026, 1, 12, 9, 0, 0, TimeSpan.Zero);
}

/// <summary>A job's question plan, written once and shared by every persona so their scores compare.</summary>
public sealed record SimulationPlan(SimulatedJob Job, QuestionDraft Draft, Difficulty StartingTier)
{
    public IReadOnlyList<InterviewQuestion> Questions => Draft.Questions;
}

/// <summary>One turn as it happened: the move, what was streamed for it, the answer and its evaluation.</summary>
/// <param name="Streamed">The concatenated text items of the interviewer's stream.</param>
/// <param name="Replaced">The stream asked the client to replace what it showed with the final move's text.</param>
public sealed record SimulatedTurn(Turn Turn, NextMove Move, string Streamed, bool Replaced, AnswerEvaluation? Evaluation, Provenance? EvaluationProvenance);

/// <summary>A whole simulated interview.</summary>
public sealed record SimulationResult(
    SimulationPlan Plan,
    Persona Persona,
    CandidateIdentity Candidate,
    IReadOnlyList<SimulatedTurn> Transcript,
    InterviewReport Report,
    Provenance ReportProvenance,
    string? Aborted)
{
    public string Label => $"{Plan.Job.Key}/{Persona.Name}" + (Candidate == CandidateIdentity.Default ? "" : $" as {Candidate.Name}");

    public IEnumerable<SimulatedTurn> FollowUps => Transcript.Where(t => t.Turn.Kind == TurnKind.FollowUp);

    public bool HasFlag(string code) => Report.RedFlags.Any(f => f.Code == code);
}

/// <summary>
/// Runs whole interviews directly against an <see cref="AiRoleSet"/>, with no HTTP or database: intro, questions
/// and follow-ups until the interviewer closes, each answer from a persona and each answered question turn scored
/// on everything said on that question so far (as <see cref="ScoreAnswerJob"/> does), then the report (as
/// <see cref="BuildReportJob"/> does). The interviewer is driven through its streaming API, as the live app does.
/// </summary>
public sealed class InterviewSimulator(AiRoleSet roles, SimulationSettings? settings = null)
{
    private readonly SimulationSettings _settings = settings ?? new SimulationSettings();

    public SimulationSettings Settings => _settings;

    public async Task<SimulationPlan> PlanAsync(SimulatedJob job, CancellationToken cancellationToken = default)
    {
        var draft = await roles.QuestionWriter.WriteAsync(job.Job, cancellationToken);
        return new SimulationPlan(job, draft, InterviewScheduler.StartingTier(job.Job.Seniority ?? draft.Analysis.Seniority));
    }

    public async Task<SimulationResult> RunAsync(SimulationPlan plan, Persona persona, CandidateIdentity? candidate = null, CancellationToken cancellationToken = default)
    {
        candidate ??= CandidateIdentity.Default;
        var questions = plan.Questions.ToDictionary(q => q.Key, StringComparer.Ordinal);
        var turns = new List<Turn>();
        var transcript = new List<SimulatedTurn>();
        var now = _settings.Start;
        string? aborted = null;

        while (true)
        {
            // A guard against a runaway interviewer: the budget check reports the overrun, this only stops the loop.
            if (turns.Count > _settings.Policy.MaxTurns + 5)
            {
                aborted = $"still going after {turns.Count} turns";
                break;
            }

            var context = new InterviewContext(candidate.Name, plan.Job.Job.Title, plan.Job.OrganizationName, plan.Questions, turns, now,
                _settings.Policy, plan.StartingTier);
            var (move, streamed, replaced) = await StreamAsync(context, cancellationToken);
            var question = move.QuestionKey is { } key ? questions.GetValueOrDefault(key) : null;
            if (move.Kind == MoveKind.Close)
            {
                var closing = new Turn(turns.Count, TurnKind.Closing, null, move.Text, null, now, null, null, move.Tier);
                turns.Add(closing);
                transcript.Add(new SimulatedTurn(closing, move, streamed, replaced, null, null));
                break;
            }

            var answerIndex = move.Kind == MoveKind.FollowUp ? turns.Count(t => t.QuestionKey == move.QuestionKey) : 0;
            var answer = persona.Answer(new PersonaCue(move.TurnKind, question, move.Text, move.Reason, answerIndex, candidate));
            var turn = new Turn(turns.Count, move.TurnKind, move.QuestionKey, move.Text, answer, now, now + _settings.TurnDuration, move.Reason, move.Tier);
            turns.Add(turn);
            now += _settings.TurnDuration;

            AnswerEvaluation? evaluation = null;
            Provenance? provenance = null;
            if (question is not null)
            {
                var answersSoFar = turns.Where(t => t.QuestionKey == question.Key).Select(t => t.Answer!);
                (evaluation, provenance) = await roles.Evaluator.EvaluateAsync(AnswerScoring.Request(question, answersSoFar, AnswerMode.Text), cancellationToken);
            }
            transcript.Add(new SimulatedTurn(turn, move, streamed, replaced, evaluation, provenance));
        }

        var outcomes = AnswerScoring.Outcomes(plan.Questions, [.. transcript.Select(t => (t.Turn.QuestionKey, t.Evaluation))]);
        var (report, reportProvenance) = await roles.ReportWriter.WriteAsync(new ReportRequest(outcomes, _settings.Thresholds, []), cancellationToken);
        return new SimulationResult(plan, persona, candidate, transcript, report, reportProvenance, aborted);
    }

    private async Task<(NextMove Move, string Streamed, bool Replaced)> StreamAsync(InterviewContext context, CancellationToken cancellationToken)
    {
        var streamed = new StringBuilder();
        var replaced = false;
        NextMove? move = null;
        await foreach (var delta in roles.Interviewer.StreamNextMoveAsync(context, cancellationToken))
        {
            streamed.Append(delta.Text);
            replaced |= delta.Replaced;
            move = delta.Move ?? move;
        }
        return (move ?? throw new InvalidOperationException("The interviewer's stream ended without a move."), streamed.ToString(), replaced);
    }
}
