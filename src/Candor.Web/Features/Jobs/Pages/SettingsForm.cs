using Candor.Web.Data;
using Candor.Web.Data.Entities;

namespace Candor.Web.Features.Jobs.Pages;

/// <summary>The job page's interview settings form, posted as wire names so the API's validation applies unchanged.</summary>
public sealed class SettingsForm
{
    public string? StageType { get; set; }
    public string? Mode { get; set; }
    public bool CodeEditor { get; set; }
    public bool Whiteboard { get; set; }
    public bool ConfirmTranscript { get; set; }

    public static SettingsForm From(Job job) => new()
    {
        StageType = CandorJson.EnumName(job.StageType),
        Mode = CandorJson.EnumName(job.Tools.Mode),
        CodeEditor = job.Tools.CodeEditor,
        Whiteboard = job.Tools.Whiteboard,
        ConfirmTranscript = job.Tools.ConfirmTranscript,
    };

    public UpdateSettingsRequest ToRequest() => new(StageType, new ToolsInput(Mode, CodeEditor, Whiteboard, ConfirmTranscript));
}
