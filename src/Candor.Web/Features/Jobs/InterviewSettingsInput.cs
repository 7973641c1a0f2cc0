using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.Jobs;

/// <summary>
/// Enum-valued settings arrive as strings so a wrong value is a 400 naming the field and the values
/// allowed, rather than a bare "malformed JSON".
/// </summary>
/// <param name="ConfirmTranscript">Voice: show the candidate what was heard before it is sent (default on).</param>
public sealed record ToolsInput(string? Mode, bool? CodeEditor, bool? Whiteboard, bool? ConfirmTranscript = null);

public sealed record UpdateSettingsRequest(string? StageType, ToolsInput? Tools);

public sealed record ToolsResponse(ConversationMode Mode, bool CodeEditor, bool Whiteboard, bool ConfirmTranscript)
{
    public static ToolsResponse From(InterviewTools tools) => new(tools.Mode, tools.CodeEditor, tools.Whiteboard, tools.ConfirmTranscript);
}

public static class InterviewSettingsInput
{
    private static readonly string StageTypeNames = string.Join(", ", Enum.GetValues<StageType>().Select(CandorJson.EnumName));
    private static readonly string Modes = string.Join(", ", Enum.GetValues<ConversationMode>().Select(CandorJson.EnumName));

    /// <summary>
    /// Validates an optional stage type; null when absent or invalid (the error is recorded). The old names
    /// <c>technical</c> and <c>conversational</c> are accepted as aliases: integrators still send them.
    /// </summary>
    public static StageType? StageTypeOf(FieldErrors errors, string? value)
    {
        if (value is null)
        {
            return null;
        }
        if (StageTypes.TryParse(value.Trim(), out var stage))
        {
            return stage;
        }
        errors.Add("stage_type", $"The field 'stage_type' must be one of: {StageTypeNames}.");
        return null;
    }

    /// <summary>Validates optional tools; a missing mode means text, missing switches mean off (transcript confirmation: on).</summary>
    public static InterviewTools? ToolsOf(FieldErrors errors, ToolsInput? input)
    {
        if (input is null)
        {
            return null;
        }
        var mode = ConversationMode.Text;
        if (input.Mode is not null && !CandorJson.TryParseEnum(input.Mode.Trim(), out mode))
        {
            errors.Add("tools.mode", $"The field 'tools.mode' must be one of: {Modes}.");
            return null;
        }
        return new InterviewTools(mode, input.CodeEditor ?? false, input.Whiteboard ?? false, input.ConfirmTranscript ?? true);
    }

    /// <summary>
    /// Replaces a job's interview settings (the API's PUT and the job page both come here). Interviews already
    /// scheduled keep the settings they were scheduled with. 404 for an unknown or foreign job; 400 naming fields.
    /// </summary>
    public static async Task<Job> ApplyAsync(CandorDbContext db, TimeProvider clock, Guid id, UpdateSettingsRequest request, CancellationToken cancellationToken)
    {
        var job = await db.Jobs.Include(j => j.Questions).FirstOrDefaultAsync(j => j.Id == id, cancellationToken)
            ?? throw ApiProblemException.NotFound($"Job {id}");

        var errors = new FieldErrors();
        if (request.StageType is null)
        {
            errors.Add("stage_type", "The field 'stage_type' is required.");
        }
        if (request.Tools is null)
        {
            errors.Add("tools", "The field 'tools' is required.");
        }
        var stageType = StageTypeOf(errors, request.StageType);
        var tools = ToolsOf(errors, request.Tools);
        errors.ThrowIfAny();

        job.StageType = stageType!.Value;
        job.Tools = tools!;
        job.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return job;
    }
}
