using Candor.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Data;

public static class InterviewLocks
{
    /// <summary>
    /// The interview's row, locked until the surrounding transaction ends. Every writer of an interview's
    /// state (answers, scores, report, cancel, sweeps) takes this lock, so their decisions never race.
    /// Still tenant-filtered: another organisation's id finds nothing.
    /// </summary>
    public static IQueryable<Interview> LockInterview(this CandorDbContext db, Guid id) =>
        db.Interviews.FromSql($"SELECT * FROM interviews WHERE id = {id} FOR UPDATE");
}
