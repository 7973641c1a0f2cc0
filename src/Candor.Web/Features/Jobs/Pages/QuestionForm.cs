using Candor.Engine.Questions;
using Candor.Web.Data.Entities;

namespace Candor.Web.Features.Jobs.Pages;

/// <summary>A question's fields as the job page posts them: the rubric's expected points are one per line.</summary>
public sealed class QuestionForm
{
    public string? Text { get; set; }
    public string? Competency { get; set; }
    public QuestionKind? Kind { get; set; }
    public Difficulty? Difficulty { get; set; }
    public string? ExpectedPoints { get; set; }
    public string? FollowUpGuide { get; set; }

    public static QuestionForm From(JobQuestion question) => new()
    {
        Text = question.Text,
        Competency = question.Competency,
        Kind = question.Kind,
        Difficulty = question.Difficulty,
        ExpectedPoints = string.Join('\n', question.ExpectedPoints),
        FollowUpGuide = question.FollowUpGuide,
    };

    /// <summary>The same input a PUT /api/v1/jobs/{id}/questions item carries, so the shared rules judge it.</summary>
    public QuestionInput ToInput(Guid? id) => new(id, Text, Competency, Kind, Difficulty,
        new RubricInput(
            (ExpectedPoints ?? "").Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0).ToList(),
            FollowUpGuide ?? ""));
}
