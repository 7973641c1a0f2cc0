using System.Security.Cryptography;
using System.Text;
using Candor.Engine.Questions;
using Candor.Engine.Technical;
using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Features.ApiKeys;
using Candor.Web.Features.CodeRuns;
using Candor.Web.Features.Quotas;
using Candor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Candor.Web.Features.Rooms;

/// <summary>The candidate's way into their interview's room: <c>GET|POST /api/v1/sessions/{token}/room</c>.</summary>
public sealed record StageRoomResponse(
    Guid RoomId,
    RoomMode Mode,
    string CandidateUrl,
    string CandidateToken,
    string? ProblemId,
    string? Language,
    ProblemDifficulty Difficulty,
    DateTimeOffset CreatedAt);

/// <summary>
/// The room a <see cref="StageType.TechnicalAiAssisted"/> stage opens for its interview: AI mode, a problem fitting the
/// job's seniority in a language from the job's skills, and the candidate as its member.
/// </summary>
/// <remarks>
/// <para>
/// The candidate's room token. Room tokens are stored only as SHA-256 hashes, and the stage room is opened while
/// scheduling, when nobody is there to receive a fresh random token; storing one in clear (or encrypted) for later
/// would make the database a source of live credentials. So the token is <em>derived</em>: HMAC-SHA256 keyed by the
/// candidate's interview token (itself 256 random bits, also stored only hashed) over the room id. Whoever holds the
/// interview link can recompute it — which is exactly who may enter the room — and nobody else can: not a reader of
/// the database (hashes only), and not someone holding just the room token (HMAC does not run backwards, so a room
/// token in a browser's address bar or storage never opens the interview itself).
/// </para>
/// <para>
/// A resent invitation issues a new interview token; <see cref="RekeyAsync"/> then re-derives the room token from it,
/// so the superseded link's room token stops working together with the link. A room opened before a re-issue the
/// resend path did not see (the demo's) heals the same way the first time the candidate's current link asks for it.
/// </para>
/// </remarks>
public sealed class StageRooms(CandorDbContext db, UsageQuotas quotas, IProblemCatalog problems, IOptions<CandorOptions> options)
{
    public static bool OpensRoom(StageType stage) => stage == StageType.TechnicalAiAssisted;

    /// <summary>
    /// Adds the stage's room (and its candidate member) to the unit of work and counts it against the plan's monthly
    /// technical-room quota (429 when used up). Call inside the transaction that writes the interview.
    /// </summary>
    public async Task<Room> OpenAsync(Interview interview, Job job, string interviewToken, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await quotas.ConsumeTechnicalRoomAsync(db, cancellationToken);
        var difficulty = DifficultyFor(job.Seniority);
        var wanted = LanguageFor(job.Skills, job.RoleFamily);
        var problem = await ChooseProblemAsync(job.Id, difficulty, wanted, cancellationToken);
        var language = problem is null || problem.Languages.Contains(wanted) ? wanted : problem.Languages.First();
        var room = new Room
        {
            Id = Guid.CreateVersion7(),
            Mode = RoomMode.Ai,
            ProblemId = problem?.Id,
            Language = RoomLanguages.Name(language),
            InterviewId = interview.Id,
            StageRoom = true,
            CandidateName = interview.CandidateName,
            CandidateEmail = interview.CandidateEmail,
            Difficulty = problem?.Difficulty ?? difficulty,
            CreatedAt = now,
        };
        db.Set<Room>().Add(room);
        db.Set<RoomMember>().Add(RoomMember.Candidate(room, CandidateToken(interviewToken, room.Id), now));
        return room;
    }

    /// <summary>The interview's stage room, if it has one (tenant-scoped like every query).</summary>
    public Task<Room?> FindAsync(Guid interviewId, CancellationToken cancellationToken) =>
        db.Set<Room>().AsNoTracking().FirstOrDefaultAsync(r => r.InterviewId == interviewId && r.StageRoom, cancellationToken);

    /// <summary>
    /// What the candidate needs to enter <paramref name="room"/>, proven by their interview token. If the member's token
    /// was derived from an older link of the same interview, it is re-derived from this one (the caller has just proven
    /// they hold the current link), which also retires the old room token.
    /// </summary>
    public async Task<StageRoomResponse> CandidateViewAsync(Room room, string interviewToken, CancellationToken cancellationToken)
    {
        var token = await KeyToAsync(room.Id, interviewToken, cancellationToken);
        return new StageRoomResponse(room.Id, room.Mode, RoomAccess.CandidateUrl(options.Value.PublicBaseUrl, room.Id, token), token,
            room.ProblemId, room.Language, room.Difficulty, room.CreatedAt);
    }

    /// <summary>After a resend issued <paramref name="interviewToken"/>: the stage room's candidate token follows the new link.</summary>
    public async Task RekeyAsync(Guid interviewId, string interviewToken, CancellationToken cancellationToken)
    {
        if (await FindAsync(interviewId, cancellationToken) is { } room)
        {
            await KeyToAsync(room.Id, interviewToken, cancellationToken);
        }
    }

    /// <summary>Points the room's candidate member at the token derived from <paramref name="interviewToken"/> (no write when it already is).</summary>
    private async Task<string> KeyToAsync(Guid roomId, string interviewToken, CancellationToken cancellationToken)
    {
        var token = CandidateToken(interviewToken, roomId);
        var hash = ApiKeySecrets.Hash(token);
        await db.Set<RoomMember>()
            .Where(m => m.RoomId == roomId && m.Role == RoomRole.Candidate && m.UserId == null && m.TokenHash != hash)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.TokenHash, hash), cancellationToken);
        return token;
    }

    /// <summary>The candidate's room token, derived from their interview token (see the class remarks for why).</summary>
    public static string CandidateToken(string interviewToken, Guid roomId)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(interviewToken), Encoding.UTF8.GetBytes($"candor:stage-room:v1:{roomId:N}"));
        return RoomAccess.TokenPrefix + Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Juniors start easy, mids medium, seniors and leads hard — as the interview's own starting tier does.</summary>
    public static ProblemDifficulty DifficultyFor(Seniority seniority) => seniority switch
    {
        Seniority.Junior => ProblemDifficulty.Easy,
        Seniority.Mid => ProblemDifficulty.Medium,
        _ => ProblemDifficulty.Hard,
    };

    /// <summary>
    /// The job's most-mentioned general-purpose language the rooms run; SQL only for a data role naming no such
    /// language (a backend job mentioning PostgreSQL still codes in its main language); Python when the job names none.
    /// </summary>
    public static CodeLanguage LanguageFor(IEnumerable<SkillMatch> skills, RoleFamily family)
    {
        var named = skills.OrderByDescending(s => s.Mentions)
            .Select(s => LanguageOfSkill(s.Name))
            .OfType<CodeLanguage>()
            .ToList();
        if (named.Where(l => l != CodeLanguage.Sql).Select(l => (CodeLanguage?)l).FirstOrDefault() is { } general)
        {
            return general;
        }
        return family == RoleFamily.Data && named.Contains(CodeLanguage.Sql) ? CodeLanguage.Sql : CodeLanguage.Python;
    }

    private static CodeLanguage? LanguageOfSkill(string skill) => skill switch
    {
        "Python" => CodeLanguage.Python,
        "C#" or ".NET" => CodeLanguage.CSharp,
        "TypeScript" => CodeLanguage.TypeScript,
        "JavaScript" or "Node.js" or "React" => CodeLanguage.JavaScript,
        "SQL" or "PostgreSQL" => CodeLanguage.Sql,
        _ => null,
    };

    /// <summary>
    /// A problem of the wanted difficulty in the wanted language, else of that difficulty in any language, else any problem
    /// in the language. Among equals the job decides (by its id), so every candidate for one job gets the same problem and
    /// their rooms compare, while different jobs spread over the bank.
    /// </summary>
    private async Task<Problem?> ChooseProblemAsync(Guid jobId, ProblemDifficulty difficulty, CodeLanguage language, CancellationToken cancellationToken)
    {
        var candidates = await problems.ListAsync(difficulty, language, cancellationToken);
        if (candidates.Count == 0)
        {
            candidates = await problems.ListAsync(difficulty, null, cancellationToken);
        }
        if (candidates.Count == 0)
        {
            candidates = await problems.ListAsync(null, language, cancellationToken);
        }
        if (candidates.Count == 0)
        {
            return null;
        }
        var ordered = candidates.OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
        var pick = BitConverter.ToUInt32(jobId.ToByteArray(), 12) % (uint)ordered.Count;
        return ordered[(int)pick];
    }
}
