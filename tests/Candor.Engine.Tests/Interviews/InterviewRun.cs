using Candor.Engine.Interviews;
using Candor.Engine.Questions;

namespace Candor.Engine.Tests.Interviews;

/// <summary>Drives the policy the way the web app will: decide, record the turn, attach the answer, repeat.</summary>
internal sealed class InterviewRun(IReadOnlyList<InterviewQuestion> plan, InterviewPolicyOptions? options = null, Difficulty startingTier = Difficulty.Medium, AnswerMode mode = AnswerMode.Text)
{
    public static readonly DateTimeOffset Start = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly InterviewPolicy policy = new();
    private readonly List<Turn> turns = [];

    public IReadOnlyList<Turn> Turns => turns;

    public InterviewPolicyOptions Options { get; } = options ?? new InterviewPolicyOptions();

    public DateTimeOffset Now { get; set; } = Start;

    public InterviewContext Context(bool endRequested = false) =>
        new("Ada Lovelace", "Backend Engineer", "Acme Analytics", plan, turns, Now, Options, startingTier, mode, endRequested);

    public NextMove Decide(bool endRequested = false) => policy.Decide(Context(endRequested));

    /// <summary>Decides, records the move as a turn, and answers it.</summary>
    public NextMove Step(string? answer)
    {
        var move = Decide();
        Record(move, answer);
        return move;
    }

    public void Record(NextMove move, string? answer)
    {
        var asked = Now;
        Now = Now.AddMinutes(1);
        turns.Add(new Turn(turns.Count, move.TurnKind, move.QuestionKey, move.Text, answer, asked, answer is null ? null : Now, move.Reason, move.Tier));
    }
}
