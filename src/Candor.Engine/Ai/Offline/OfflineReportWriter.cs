using Candor.Engine.Scoring;

namespace Candor.Engine.Ai.Offline;

/// <summary>The rule-based report writer: the default without an LLM and the fallback when one fails.</summary>
public sealed class OfflineReportWriter(ReportBuilder builder) : IReportWriter
{
    public OfflineReportWriter()
        : this(new ReportBuilder())
    {
    }

    public Task<(InterviewReport Report, Provenance Provenance)> WriteAsync(ReportRequest request, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult((builder.Build(request), Provenance.Offline));
    }
}
