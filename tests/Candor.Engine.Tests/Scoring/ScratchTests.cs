using Candor.Engine.Interviews;
using Candor.Engine.Scoring;
using Xunit.Abstractions;

namespace Candor.Engine.Tests.Scoring;

public class ScratchTests(ITestOutputHelper output)
{
    [Fact]
    public void Print()
    {
        var scorer = new AnswerScorer();
        foreach (var (q, a) in new[] { (Fixtures.SlowQuery, Fixtures.StrongSlowQuery), (Fixtures.SlowQuery, Fixtures.AverageSlowQuery), (Fixtures.SlowQuery, Fixtures.WeakSlowQuery), (Fixtures.Conflict, Fixtures.StarConflict), (Fixtures.Conflict, Fixtures.ConflictWithoutResult) })
        {
            var e = scorer.Score(new EvaluationRequest(q, a));
            output.WriteLine($"== {e.Score} | {e.Feedback}");
            foreach (var c in e.Criteria) output.WriteLine($"  {c.Criterion} {c.Score}: {c.Rationale} [{string.Join(" || ", c.Evidence)}]");
            output.WriteLine($"  covered: {string.Join("; ", e.CoveredPoints)} flags: {string.Join(",", e.RedFlags.Select(f => f.Code))}");
        }
    }
}
