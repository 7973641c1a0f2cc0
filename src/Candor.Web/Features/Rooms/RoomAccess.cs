using System.Security.Claims;
using Candor.Engine.Technical;
using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Features.Accounts;
using Candor.Web.Features.ApiKeys;
using Candor.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.Rooms;

/// <summary>What a member of a room may do. Wire names as the contract spells them.</summary>
public static class RoomCapabilities
{
    public const string CodeView = "code:view";
    public const string CodeEdit = "code:edit";
    public const string AiUse = "ai:use";
    public const string RoomManage = "room:manage";

    public static readonly IReadOnlyList<string> All = [CodeView, CodeEdit, AiUse, RoomManage];

    /// <summary>
    /// The candidate edits and runs code in both modes; AI tools are theirs only in AI mode (in peer mode hints and
    /// reviews are the interviewers' tools).
    /// </summary>
    public static List<string> ForCandidate(RoomMode mode) =>
        mode == RoomMode.Ai ? [CodeView, CodeEdit, AiUse] : [CodeView, CodeEdit];
}

/// <summary>The caller of a room endpoint, with what they may do there.</summary>
/// <param name="Caller">Who, for the per-user limits: member:&lt;id&gt;, key:&lt;id&gt; or user:&lt;id&gt;.</param>
public sealed record RoomCaller(Room Room, Guid? MemberId, string Caller, RoomRole Role, IReadOnlySet<string> Capabilities)
{
    public bool IsCandidate => Role == RoomRole.Candidate;
}

/// <summary>
/// Authenticates a room endpoint's caller: the candidate by the room token in <c>Authorization: Bearer</c>, a
/// recruiter by their session cookie or an organisation API key. A token of another room, or a room of another
/// organisation, is 404: the caller learns nothing about rooms that are not theirs.
/// </summary>
public sealed class RoomAccess(CandorDbContext db, TimeProvider clock)
{
    public const string TokenPrefix = "crt_";

    public async Task<RoomCaller> RequireAsync(HttpContext http, Guid roomId, string capability, CancellationToken cancellationToken)
    {
        var caller = await ResolveAsync(http, roomId, cancellationToken);
        if (!caller.Capabilities.Contains(capability))
        {
            throw new ApiProblemException(StatusCodes.Status403Forbidden, "Forbidden",
                $"Your place in this room does not allow this (it needs the {capability} capability).", "missing_capability");
        }
        return caller;
    }

    public async Task<RoomCaller> ResolveAsync(HttpContext http, Guid roomId, CancellationToken cancellationToken)
    {
        if (RoomToken(http.Request) is { } token)
        {
            var member = await MemberByTokenAsync(token, cancellationToken)
                ?? throw Unauthorized("The room link's token is not valid.");
            if (member.RoomId != roomId)
            {
                throw ApiProblemException.NotFound("The room");
            }
            var room = await db.Set<Room>().AsNoTracking().FirstAsync(r => r.Id == roomId, cancellationToken);
            var capabilities = member.Capabilities.ToHashSet(StringComparer.Ordinal);
            if (member.Role == RoomRole.Candidate && room.InterviewId is { } interviewId)
            {
                await ApplyInterviewStateAsync(interviewId, capabilities, cancellationToken);
            }
            return new RoomCaller(room, member.Id, $"member:{member.Id}", member.Role, capabilities);
        }

        var (principal, who) = await RecruiterAsync(http);
        if (principal is null)
        {
            throw Unauthorized("Send the room token as Authorization: Bearer <candidate_token>, sign in, or use an API key.");
        }
        var found = await db.Set<Room>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == roomId, cancellationToken)
            ?? throw ApiProblemException.NotFound("The room");
        return new RoomCaller(found, null, who, RoomRole.Interviewer, RecruiterCapabilities(principal));
    }

    /// <summary>
    /// A room that belongs to an interview lives and dies with it for the candidate: once the interview is cancelled or
    /// has expired their token is 410 on every room route (recruiters still see the room). A completed interview's room
    /// stays open: a candidate who ends the conversation first may still finish the exercise, and the results API reads
    /// the room live.
    /// </summary>
    private async Task ApplyInterviewStateAsync(Guid interviewId, HashSet<string> capabilities, CancellationToken cancellationToken)
    {
        var interview = await db.Interviews.AsNoTracking().Where(i => i.Id == interviewId)
            .Select(i => new { i.Status, i.ExpiresAt }).FirstOrDefaultAsync(cancellationToken);
        switch (interview?.Status)
        {
            case InterviewStatus.Cancelled:
                throw ApiProblemException.Gone("This interview was cancelled by the hiring team, and its room with it.", "interview_cancelled");
            // The sweeper marks unused links expired every so often; until it does, the clock decides (as for the interview link).
            case InterviewStatus.Expired:
            case InterviewStatus.Scheduled when interview.ExpiresAt <= clock.GetUtcNow():
                throw ApiProblemException.Gone("This interview link has expired, and its room with it.", "interview_expired");
        }
    }

    /// <summary>A room member found by their token, whichever organisation owns the room; the scope's tenant becomes that organisation.</summary>
    public async Task<RoomMember?> MemberByTokenAsync(string token, CancellationToken cancellationToken)
    {
        var hash = ApiKeySecrets.Hash(token);
        var member = await db.Set<RoomMember>().IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(m => m.TokenHash == hash, cancellationToken);
        if (member is not null)
        {
            db.Tenant.Set(member.OrganizationId);
        }
        return member;
    }

    public static string? RoomToken(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var token = authorization["Bearer ".Length..].Trim();
        return token.StartsWith(TokenPrefix, StringComparison.Ordinal) ? token : null;
    }

    public static string NewToken() => TokenPrefix + ApiKeySecrets.NewToken();

    /// <summary>The room page's link for a token holder; the token travels in the fragment, so browsers never send it to the server in the URL.</summary>
    public static string CandidateUrl(string publicBaseUrl, Guid roomId, string token) => $"{publicBaseUrl.TrimEnd('/')}/rooms/{roomId}#token={token}";

    /// <summary>
    /// The recruiter behind an API key (already authenticated by the default scheme) or a session cookie. API keys
    /// have no role: writing keys manage rooms, reading keys watch them.
    /// </summary>
    private static async Task<(ClaimsPrincipal? Principal, string Who)> RecruiterAsync(HttpContext http)
    {
        if (http.User.Identity?.IsAuthenticated == true && http.User.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim) is { } keyId)
        {
            return (http.User, $"key:{keyId}");
        }
        var cookie = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        if (cookie.Succeeded && cookie.Principal.OrganizationId() is not null && cookie.Principal.UserId() is { } userId)
        {
            return (cookie.Principal, $"user:{userId}");
        }
        return (null, "");
    }

    private static HashSet<string> RecruiterCapabilities(ClaimsPrincipal principal)
    {
        var keyScopes = principal.FindAll(ApiKeyAuthenticationHandler.ScopeClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var manages = principal.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim) is not null
            ? keyScopes.Contains("interviews:write")
            : principal.Role() is MemberRole.Admin or MemberRole.Recruiter;
        return manages ? [.. RoomCapabilities.All] : [RoomCapabilities.CodeView];
    }

    private static ApiProblemException Unauthorized(string detail) =>
        new(StatusCodes.Status401Unauthorized, "Unauthorized", detail, "unauthorized");
}

/// <summary>Wire names of <see cref="CodeLanguage"/> (the contract's: python, javascript, typescript, csharp, sql).</summary>
public static class RoomLanguages
{
    private static readonly Dictionary<string, CodeLanguage> ByName = new(StringComparer.Ordinal)
    {
        ["python"] = CodeLanguage.Python,
        ["javascript"] = CodeLanguage.JavaScript,
        ["typescript"] = CodeLanguage.TypeScript,
        ["csharp"] = CodeLanguage.CSharp,
        ["sql"] = CodeLanguage.Sql,
    };

    public static IEnumerable<string> Names => ByName.Keys;

    public static bool TryParse(string? name, out CodeLanguage language) => ByName.TryGetValue(name ?? "", out language);

    /// <summary>The language a request's <c>language</c> field names; null, with that field's error added, when unknown (or missing and required).</summary>
    public static CodeLanguage? Of(FieldErrors errors, string? name, bool required = true)
    {
        if (name is null && !required)
        {
            return null;
        }
        if (TryParse(name, out var language))
        {
            return language;
        }
        errors.Add("language", $"The field 'language' must be one of: {string.Join(", ", Names)}.");
        return null;
    }

    public static string Name(CodeLanguage language) => ByName.First(p => p.Value == language).Key;
}
