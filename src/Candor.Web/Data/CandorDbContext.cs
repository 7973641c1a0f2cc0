using System.Linq.Expressions;
using System.Text.Json;
using Candor.Engine.Ai;
using Candor.Engine.Questions;
using Candor.Engine.Scoring;
using Candor.Web.Data.Entities;
using Candor.Web.Features.Accounts;
using Candor.Web.Features.Greenhouse;
using Candor.Web.Features.CandidateResults;
using Candor.Web.Features.Webhooks;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Candor.Web.Data;

public sealed class CandorDbContext(DbContextOptions<CandorDbContext> options, TenantContext tenant)
    : IdentityUserContext<CandorUser, Guid>(options)
{
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<Job> Jobs => Set<Job>();
    public DbSet<JobQuestion> JobQuestions => Set<JobQuestion>();
    public DbSet<Interview> Interviews => Set<Interview>();
    public DbSet<InterviewTurn> InterviewTurns => Set<InterviewTurn>();
    public DbSet<BackgroundJob> BackgroundJobs => Set<BackgroundJob>();
    public DbSet<GreenhouseAssessment> GreenhouseAssessments => Set<GreenhouseAssessment>();
    public DbSet<AiUsage> AiUsages => Set<AiUsage>();
    public DbSet<OutboxEvent> OutboxEvents => Set<OutboxEvent>();
    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();
    public DbSet<WebhookMessage> WebhookMessages => Set<WebhookMessage>();
    public DbSet<WebhookDeliveryAttempt> WebhookDeliveryAttempts => Set<WebhookDeliveryAttempt>();
    public DbSet<MemberInvite> MemberInvites => Set<MemberInvite>();
    public DbSet<ScoreOverride> ScoreOverrides => Set<ScoreOverride>();
    public DbSet<ReviewDecision> ReviewDecisions => Set<ReviewDecision>();
    public DbSet<ReportShare> ReportShares => Set<ReportShare>();
    public DbSet<Features.Audio.VoiceRecording> VoiceRecordings => Set<Features.Audio.VoiceRecording>();

    public TenantContext Tenant => tenant;

    // EF re-reads this per query, so the filter always sees the current scope's tenant.
    private Guid? CurrentOrganizationId => tenant.OrganizationId;

#pragma warning disable CA1725 // Keeps the name the method had before Identity's base class (and other branches' edits) arrived.
    protected override void OnModelCreating(ModelBuilder modelBuilder)
#pragma warning restore CA1725
    {
        base.OnModelCreating(modelBuilder); // Identity's users, claims, logins and tokens.
        AccountsModel.Configure(modelBuilder);
        modelBuilder.Entity<Organization>().ToTable("organizations");

        var apiKey = modelBuilder.Entity<ApiKey>().ToTable("api_keys");
        apiKey.Property(k => k.Scopes).HasColumnType("text[]");

        var job = modelBuilder.Entity<Job>().ToTable("jobs");
        job.Property(j => j.Skills).HasJsonConversion();
        job.Property(j => j.Provenance).HasJsonConversion();
        job.Property(j => j.Tools).HasJsonConversion();
        job.HasMany(j => j.Questions).WithOne().HasForeignKey(q => q.JobId);

        var question = modelBuilder.Entity<JobQuestion>().ToTable("job_questions");
        question.Property(q => q.ExpectedPoints).HasJsonConversion();
        question.Property(q => q.Skills).HasJsonConversion();

        var interview = modelBuilder.Entity<Interview>().ToTable("interviews");
        interview.Property(i => i.Plan).HasJsonConversion();
        interview.Property(i => i.Report).HasJsonConversion();
        interview.Property(i => i.ReportProvenance).HasJsonConversion();
        interview.Property(i => i.Tools).HasJsonConversion();
        interview.HasOne(i => i.Job).WithMany().HasForeignKey(i => i.JobId);
        interview.HasMany(i => i.Turns).WithOne().HasForeignKey(t => t.InterviewId);
        interview.Ignore(i => i.IsTerminal);
        interview.Ignore(i => i.IsIncomplete);
        // Generated columns (0022): the database computes them from plan and report; EF only reads them.
        interview.Property(i => i.QuestionsPlanned).ValueGeneratedOnAddOrUpdate();
        interview.Property(i => i.QuestionsAnswered).ValueGeneratedOnAddOrUpdate();

        var turn = modelBuilder.Entity<InterviewTurn>().ToTable("interview_turns");
        turn.Property(t => t.Evaluation).HasJsonConversion();
        turn.Property(t => t.EvaluationProvenance).HasJsonConversion();
        turn.Property(t => t.VoiceLatency).HasJsonConversion();
        turn.Ignore(t => t.IsScored);

        var backgroundJob = modelBuilder.Entity<BackgroundJob>().ToTable("background_jobs");
        backgroundJob.Property(j => j.Id).UseIdentityByDefaultColumn();
        backgroundJob.Property(j => j.Payload).HasColumnType("jsonb");

        var greenhouse = modelBuilder.Entity<GreenhouseAssessment>().ToTable("greenhouse_assessments");
        greenhouse.HasKey(a => a.InterviewId);
        greenhouse.HasOne<Interview>().WithOne().HasForeignKey<GreenhouseAssessment>(a => a.InterviewId);
        greenhouse.Property(a => a.Candidate).HasJsonConversion();
        modelBuilder.Entity<AiUsage>().ToTable("ai_usage").Property(u => u.Id).UseIdentityByDefaultColumn();
        WebhookModel.Configure(modelBuilder);
        ResultsModel.Configure(modelBuilder);
        Features.Audio.AudioModel.Configure(modelBuilder);
        Features.Settings.OrganizationAiSettingsModel.Configure(modelBuilder);
        Features.Rooms.RoomsModel.Configure(modelBuilder);
        Features.CodeRuns.CodeRunsModel.Configure(modelBuilder);
        Features.ScenarioQuestions.ScenarioQuestionsModel.Configure(modelBuilder);

        foreach (var entity in modelBuilder.Model.GetEntityTypes().ToList())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name));
                var enumType = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
                if (enumType.IsEnum)
                {
                    property.SetValueConverter((ValueConverter)Activator.CreateInstance(typeof(SnakeCaseEnumConverter<>).MakeGenericType(enumType))!);
                }
            }

            if (typeof(ITenantOwned).IsAssignableFrom(entity.ClrType))
            {
                modelBuilder.Entity(entity.ClrType).HasQueryFilter(TenantFilter(entity.ClrType));
                // Declared so EF orders inserts parent-first (the organisation before its rows).
                modelBuilder.Entity(entity.ClrType).HasOne(typeof(Organization)).WithMany().HasForeignKey(nameof(ITenantOwned.OrganizationId));
            }
        }
    }

    public override Task<int> SaveChangesAsync(CancellationToken cancellationToken = default)
    {
        StampTenant();
        return base.SaveChangesAsync(cancellationToken);
    }

    public override int SaveChanges()
    {
        StampTenant();
        return base.SaveChanges();
    }

    /// <summary>New rows take the scope's tenant; a row of another tenant can never be written from this scope.</summary>
    private void StampTenant()
    {
        foreach (var entry in ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State == EntityState.Added && entry.Entity.OrganizationId == Guid.Empty && tenant.OrganizationId is { } organizationId)
            {
                entry.Entity.OrganizationId = organizationId;
            }
            if (entry.State is EntityState.Added or EntityState.Modified && tenant.OrganizationId is { } current && entry.Entity.OrganizationId != current)
            {
                throw new InvalidOperationException($"Refusing to write a {entry.Entity.GetType().Name} of another organisation.");
            }
        }
    }

    private LambdaExpression TenantFilter(Type entityType)
    {
        var parameter = Expression.Parameter(entityType, "e");
        var organizationId = Expression.Convert(Expression.Property(parameter, nameof(ITenantOwned.OrganizationId)), typeof(Guid?));
        var current = Expression.Property(Expression.Constant(this), nameof(CurrentOrganizationId));
        return Expression.Lambda(Expression.Equal(organizationId, current), parameter);
    }
}

internal static class JsonColumnExtensions
{
    /// <summary>Stores a value as jsonb in the API's JSON shape, compared by content so in-place edits are saved.</summary>
    public static PropertyBuilder<T> HasJsonConversion<T>(this PropertyBuilder<T> property)
    {
        var converter = new ValueConverter<T, string>(
            v => JsonSerializer.Serialize(v, CandorJson.Options),
            v => JsonSerializer.Deserialize<T>(v, CandorJson.Options)!);
        var comparer = new ValueComparer<T>(
            (a, b) => JsonSerializer.Serialize(a, CandorJson.Options) == JsonSerializer.Serialize(b, CandorJson.Options),
            v => JsonSerializer.Serialize(v, CandorJson.Options).GetHashCode(StringComparison.Ordinal),
            v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, CandorJson.Options), CandorJson.Options)!);
        property.HasConversion(converter, comparer).HasColumnType("jsonb");
        return property;
    }
}

/// <summary>Enums are stored as the same snake_case strings the API uses, so the database reads plainly.</summary>
internal sealed class SnakeCaseEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
    v => CandorJson.EnumName(v),
    v => Parse(v))
    where TEnum : struct, Enum
{
    private static TEnum Parse(string value) => CandorJson.TryParseEnum<TEnum>(value, out var parsed)
        ? parsed
        : throw new InvalidOperationException($"Unknown {typeof(TEnum).Name} value '{value}' in the database.");
}
