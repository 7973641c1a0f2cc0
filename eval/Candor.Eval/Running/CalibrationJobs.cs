using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Candor.Engine.Questions;
using Candor.Eval.Calibration;

namespace Candor.Eval.Running;

/// <summary>A job as the app holds it for this run.</summary>
/// <param name="QuestionWriter">Who drafted the questions ("offline", or the LLM provider, whose draft is replaced by the calibrated questions).</param>
/// <param name="RubricFingerprint">SHA-256 prefix of the rubrics the answers were scored against.</param>
public sealed record JobSetup(CalibrationJob Job, string ApiJobId, string QuestionWriter, string RubricFingerprint);

/// <summary>The job's questions are no longer the ones the set was written for: the answers would answer other questions.</summary>
public sealed class PlanDriftException(string message) : Exception(message);

/// <summary>Puts a calibration job into the app the way a recruiter would, and makes sure it asks the calibrated questions.</summary>
public static class CalibrationJobs
{
    /// <summary>Creates the job through POST /api/v1/jobs and checks (or, after an LLM draft, restores) the calibrated questions.</summary>
    public static async Task<JobSetup> SetUpAsync(CandorApiClient client, CalibrationJob job, CancellationToken cancellationToken = default)
    {
        var created = await client.CreateJobAsync(new
        {
            title = job.Title,
            description = job.Description,
            industry = job.Industry,
            question_count = job.QuestionCount,
        }, cancellationToken);
        var jobId = ApiFields.Text(created, "id");
        var writer = created["provenance"]?["provider"]?.GetValue<string>() ?? "unknown";
        var questions = created["questions"]!.AsArray();
        if (writer == "offline")
        {
            CheckPlan(job, questions);
        }
        else
        {
            // An LLM writes other questions; the answers were written to the planner's, so put those back.
            var replaced = await client.ReplaceQuestionsAsync(jobId, new { questions = job.Questions.Select(BankInput).ToList() }, cancellationToken);
            questions = replaced["questions"]!.AsArray();
        }
        return new JobSetup(job, jobId, writer, RubricFingerprint(questions));
    }

    /// <summary>The planner's questions for the job, as the API returned them, next to the set's: empty when they match.</summary>
    public static IReadOnlyList<string> PlanDifferences(CalibrationJob job, JsonArray questions)
    {
        var asked = questions.Select(q => (Key: q!["bank_id"]?.GetValue<string>() ?? "(custom)", Text: ApiFields.Text(q!, "text"))).ToList();
        var differences = new List<string>();
        differences.AddRange(asked.Where(a => !job.Questions.Any(q => q.Key == a.Key && q.Text == a.Text))
            .Select(a => $"asked but not in the set: [{a.Key}] {a.Text}"));
        differences.AddRange(job.Questions.Where(q => !asked.Any(a => a.Key == q.Key && a.Text == q.Text))
            .Select(q => $"in the set but no longer asked: [{q.Key}] {q.Text}"));
        return differences;
    }

    private static void CheckPlan(CalibrationJob job, JsonArray questions)
    {
        if (PlanDifferences(job, questions) is { Count: > 0 } differences)
        {
            throw new PlanDriftException(
                $"The planner no longer asks the questions calibration job '{job.Id}' was written for; re-label the set for the new questions "
                + "(./candor eval --show-plan prints them):\n  - " + string.Join("\n  - ", differences));
        }
    }

    private static object BankInput(PlannedQuestion planned)
    {
        var bank = QuestionBank.Default.Find(planned.Key)
            ?? throw new PlanDriftException($"Calibrated question '{planned.Key}' is not in the question bank any more.");
        return new
        {
            text = bank.Text,
            competency = bank.Competency,
            kind = WireName(bank.Kind),
            difficulty = WireName(bank.Difficulty),
            rubric = new { expected_points = bank.ExpectedPoints, follow_up_guide = bank.FollowUpGuide },
        };
    }

    private static string WireName<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    private static string RubricFingerprint(JsonArray questions)
    {
        var canonical = new StringBuilder();
        foreach (var question in questions.Select(q => q!).OrderBy(q => ApiFields.Text(q, "text"), StringComparer.Ordinal))
        {
            canonical.Append(ApiFields.Text(question, "text")).Append('\n');
            foreach (var point in question["rubric"]?["expected_points"]?.AsArray() ?? [])
            {
                canonical.Append("* ").Append(point!.GetValue<string>()).Append('\n');
            }
            canonical.Append("> ").Append(question["rubric"]?["follow_up_guide"]?.GetValue<string>()).Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))[..16];
    }
}
