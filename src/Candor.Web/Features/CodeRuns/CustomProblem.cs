using Candor.Engine.Technical;
using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.CodeRuns;

/// <summary>An organisation's own problem (table custom_problems); <see cref="Definition"/> is the whole problem.</summary>
public sealed class CustomProblem : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public required string Slug { get; set; }
    public required string Title { get; set; }
    public ProblemDifficulty Difficulty { get; set; }
    public string[] Languages { get; set; } = [];
    public required CustomProblemDefinition Definition { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public Problem ToProblem() => new(
        Slug, Title, Difficulty, Definition.Topics, Definition.Statement,
        Definition.Examples, Definition.HiddenTests,
        Definition.StarterCode.ToDictionary(s => LanguageNames.Parse(s.Key), s => s.Value),
        Definition.Hints, Definition.ReferenceComplexity,
        Definition.ReferenceSolutions.ToDictionary(s => LanguageNames.Parse(s.Key), s => s.Value));
}

/// <summary>The stored document of a custom problem (language keys are wire names: python, csharp, …).</summary>
public sealed record CustomProblemDefinition(
    IReadOnlyList<string> Topics,
    string Statement,
    IReadOnlyList<ProblemExample> Examples,
    IReadOnlyList<ProblemTest> HiddenTests,
    IReadOnlyDictionary<string, string> StarterCode,
    IReadOnlyList<string> Hints,
    string ReferenceComplexity,
    IReadOnlyDictionary<string, string> ReferenceSolutions);

public static class CodeRunsModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        var problem = modelBuilder.Entity<CustomProblem>().ToTable("custom_problems");
        problem.Property(p => p.Languages).HasColumnType("text[]");
        problem.Property(p => p.Definition).HasJsonConversion();
    }
}
