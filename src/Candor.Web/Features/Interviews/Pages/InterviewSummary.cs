using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.Interviews.Pages;

/// <summary>The little the confirmation pages show about an interview; null (a 404 page) for another organisation's id.</summary>
public sealed record InterviewSummary(Guid Id, string CandidateName, string CandidateEmail, string JobTitle, InterviewStatus Status)
{
    public static Task<InterviewSummary?> LoadAsync(CandorDbContext db, Guid id) =>
        db.Interviews.AsNoTracking().Where(i => i.Id == id)
            .Select(i => new InterviewSummary(i.Id, i.CandidateName, i.CandidateEmail, i.Job!.Title, i.Status))
            .FirstOrDefaultAsync();
}

