using Candor.Engine.Scoring;
using Candor.Web.Data.Entities;
using Candor.Web.Features.Greenhouse;

namespace Candor.Web.Tests.Features.Evidence;

/// <summary>Greenhouse shows its metadata as it is, next to the score: a person reads "Not enough evidence" there.</summary>
public sealed class GreenhouseEvidenceTests
{
    [Fact]
    public void A_report_without_enough_evidence_reads_as_such_in_greenhouse()
    {
        var report = new InterviewReport(12, new Dictionary<string, int>(), new Dictionary<string, int>(), [], [], [],
            Recommendation.InsufficientEvidence, "Not enough evidence for a hiring decision.", 2, 2);
        var interview = new Interview
        {
            Id = Guid.NewGuid(), CandidateName = "Katherine Johnson", CandidateEmail = "k@example.com", TokenHash = "x",
            Status = InterviewStatus.Completed, EndReason = EndReason.EndedByCandidate,
            ReportStatus = ReportStatus.Ready, Report = report, OverallScore = 12, Recommendation = Recommendation.InsufficientEvidence,
        };

        var status = GreenhouseTestStatus.Describe(interview, "https://candor.example");

        status.PartnerStatus.ShouldBe(GreenhouseTestStatus.Complete);
        status.Metadata!["Recommendation"].ShouldBe("Not enough evidence");
    }
}
