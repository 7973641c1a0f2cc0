using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Candor.Engine.Technical;
using Candor.Web.Data;
using Candor.Web.Features.CodeRuns;
using Candor.Web.Infrastructure;
using Candor.Web.Jobs;
using Candor.Web.Providers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Candor.Web.Features.Rooms;

public sealed record RoomMessageRequest(string? Text, string? Code, string? Language);

public sealed record RoomHintRequest(string? Code, string? Language, string? ProblemId);

public sealed record RoomReviewRequest(string? Code, string? Language);

public sealed record AiJobAccepted(Guid JobId, string Status);

/// <summary>Polling answer: the queue state until the job completes or fails; the result is cached 24 h after completion.</summary>
public sealed record AiJobStatus(
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Result,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AiJobError? Error);

public sealed record AiJobError(string Code, string Message);

public sealed record RoomMessageView(
    long Id,
    MessageAuthor Author,
    string Text,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Code,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] FollowUpType? FollowUpType,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ProblemDifficulty? Difficulty,
    DateTimeOffset CreatedAt);

public sealed record RoomMessagesPage(IReadOnlyList<RoomMessageView> Items, string? NextCursor);

/// <summary>Per user per room limits, checked before anything is queued.</summary>
public sealed class RoomAiOptions
{
    public int HintsPerWindow { get; set; } = 3;
    public TimeSpan HintWindow { get; set; } = TimeSpan.FromMinutes(5);
    public int MessagesPerWindow { get; set; } = 20;
    public TimeSpan MessageWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a completed result stays readable by polling.</summary>
    public TimeSpan ResultTtl { get; set; } = TimeSpan.FromHours(24);

    public int MaxTextLength { get; set; } = 4_000;
}

/// <summary>
/// The AI contract of a room: message, hint and review are asynchronous. Each request is validated, checked
/// against the caller's limits and the AI circuit, written with its durable job in one transaction, and
/// answered 202; clients poll until completed or failed.
/// </summary>
public static class RoomAiApi
{
    public const string InterviewKind = "ai:interview";
    public const string HintKind = "ai:hint";
    public const string ReviewKind = "ai:review";
    public const string InterviewQueue = "ai.interview-response";
    public const string HintQueue = "ai.generate-hint";
    public const string ReviewQueue = "ai.review-code";

    public static RouteGroupBuilder MapRoomAiApi(this RouteGroupBuilder api)
    {
        var ai = api.MapGroup("/rooms/{roomId:guid}/ai").WithTags("Rooms");
        ai.MapPost("/message", Message);
        // The same path with multipart/form-data is a spoken message (routing picks by content type, as for a
        // session's answers); where the content type settles nothing the typed endpoint (order 0) answers.
        ai.MapPost("/message", RoomVoice.SpokenMessageAsync).Accepts<SpokenRoomMessageForm>("multipart/form-data").WithOrder(1)
            .WithMetadata(new RequestSizeLimitAttribute(Sessions.SessionsApi.VoiceUploadLimit(((IEndpointRouteBuilder)api).ServiceProvider)));
        ai.MapGet("/message/{jobId:guid}/audio", RoomVoice.ReplyAudioAsync);
        ai.MapPost("/hint", Hint);
        ai.MapPost("/review", Review);
        ai.MapGet("/message/{jobId:guid}", (Guid roomId, Guid jobId, HttpContext http, RoomAccess access, CandorDbContext db, IOptions<RoomAiOptions> options, TimeProvider clock, CancellationToken ct) =>
            Poll(roomId, jobId, RoomAiKind.Message, http, access, db, options.Value, clock, ct));
        ai.MapGet("/hint/{jobId:guid}", (Guid roomId, Guid jobId, HttpContext http, RoomAccess access, CandorDbContext db, IOptions<RoomAiOptions> options, TimeProvider clock, CancellationToken ct) =>
            Poll(roomId, jobId, RoomAiKind.Hint, http, access, db, options.Value, clock, ct));
        ai.MapGet("/review/{jobId:guid}", (Guid roomId, Guid jobId, HttpContext http, RoomAccess access, CandorDbContext db, IOptions<RoomAiOptions> options, TimeProvider clock, CancellationToken ct) =>
            Poll(roomId, jobId, RoomAiKind.Review, http, access, db, options.Value, clock, ct));
        ai.MapGet("/messages", Messages);
        return api;
    }

    private static async Task<Accepted<AiJobAccepted>> Message(Guid roomId, RoomMessageRequest request, HttpContext http, RoomAccess access,
        CandorDbContext db, RoomAiGate gate, IOptions<RoomAiOptions> options, CancellationToken cancellationToken)
    {
        var caller = await access.RequireAsync(http, roomId, RoomCapabilities.AiUse, cancellationToken);
        var errors = new FieldErrors().RequireText("text", request.Text, options.Value.MaxTextLength).OptionalText("code", request.Code, RoomsApi.MaxCodeLength);
        RoomLanguages.Of(errors, request.Language, required: false);
        errors.ThrowIfAny();
        if (caller.Room.Mode != RoomMode.Ai)
        {
            throw ApiProblemException.Conflict("The AI interviewer only talks in AI-mode rooms; in a peer room the interviewer is a person.", "ai_mode_only");
        }
        return await gate.EnqueueAsync(caller, RoomAiKind.Message, request, cancellationToken, onAccepted: ai =>
        {
            // The candidate's words are kept before any AI call: acknowledged means kept.
            db.Set<RoomMessage>().Add(new RoomMessage
            {
                RoomId = roomId,
                MemberId = caller.MemberId,
                AiRequestId = ai.Id,
                Author = caller.IsCandidate ? MessageAuthor.Candidate : MessageAuthor.Interviewer,
                Text = request.Text!.Trim(),
                Code = request.Code,
                Language = request.Language,
                CreatedAt = ai.CreatedAt,
            });
        });
    }

    private static async Task<Accepted<AiJobAccepted>> Hint(Guid roomId, RoomHintRequest request, HttpContext http, RoomAccess access,
        RoomAiGate gate, [FromServices] IProblemCatalog problems, CandorDbContext db, CancellationToken cancellationToken)
    {
        var caller = await access.RequireAsync(http, roomId, RoomCapabilities.AiUse, cancellationToken);
        var errors = new FieldErrors().OptionalText("code", request.Code, RoomsApi.MaxCodeLength).OptionalText("problem_id", request.ProblemId, 200);
        RoomLanguages.Of(errors, request.Language, required: false);
        errors.ThrowIfAny();
        var problem = await RoomState.ProblemAsync(caller.Room, problems, cancellationToken, request.ProblemId);
        if (problem is null)
        {
            throw request.ProblemId is null
                ? ApiProblemException.Conflict("This room has no problem yet, so there is nothing to hint at. Pass problem_id.", "no_problem")
                : new FieldErrors().Add("problem_id", $"There is no problem '{request.ProblemId}'.").ToException();
        }
        return await gate.EnqueueAsync(caller, RoomAiKind.Hint, request with { ProblemId = problem.Id }, cancellationToken, afterLimits: async () =>
        {
            if (await RoomAiGate.HintsAskedAsync(db, roomId, problem.Id, cancellationToken) >= HintGiver.MaxHints)
            {
                throw ApiProblemException.Conflict($"All {HintGiver.MaxHints} hints for this problem have been given.", "no_hints_left");
            }
        });
    }

    private static async Task<Accepted<AiJobAccepted>> Review(Guid roomId, RoomReviewRequest request, HttpContext http, RoomAccess access,
        RoomAiGate gate, CancellationToken cancellationToken)
    {
        var caller = await access.RequireAsync(http, roomId, RoomCapabilities.AiUse, cancellationToken);
        var errors = new FieldErrors().RequireText("code", request.Code, RoomsApi.MaxCodeLength);
        RoomLanguages.Of(errors, request.Language, required: true);
        errors.ThrowIfAny();
        return await gate.EnqueueAsync(caller, RoomAiKind.Review, request, cancellationToken);
    }

    private static async Task<IResult> Poll(Guid roomId, Guid jobId, RoomAiKind kind, HttpContext http, RoomAccess access, CandorDbContext db,
        RoomAiOptions options, TimeProvider clock, CancellationToken cancellationToken)
    {
        await access.RequireAsync(http, roomId, RoomCapabilities.AiUse, cancellationToken);
        var request = await db.Set<RoomAiRequest>().AsNoTracking()
            .FirstOrDefaultAsync(r => r.Id == jobId && r.RoomId == roomId && r.Kind == kind, cancellationToken)
            ?? throw ApiProblemException.NotFound($"The {CandorJson.EnumName(kind)} job");
        if (request.CompletedAt is { } completedAt)
        {
            if (clock.GetUtcNow() - completedAt > options.ResultTtl)
            {
                throw ApiProblemException.Gone("This result was kept for 24 hours after it completed and has expired.", "result_expired");
            }
            return TypedResults.Ok(new AiJobStatus("completed", request.Result!.RootElement.Clone(), null));
        }
        var queueState = await db.BackgroundJobs.AsNoTracking().Where(j => j.Id == request.BackgroundJobId).Select(j => (Data.Entities.BackgroundJobStatus?)j.Status)
            .FirstOrDefaultAsync(cancellationToken);
        if (queueState is Data.Entities.BackgroundJobStatus.Dead || request.FailedAt is not null)
        {
            var error = new AiJobError(request.ErrorCode ?? "ai_failed", request.Error ?? "The AI could not answer this time. Please try again.");
            // The contract's statuses for AI trouble: a timed-out AI call is 504, an open circuit 503.
            return request.ErrorCode switch
            {
                "ai_timeout" => Problem(StatusCodes.Status504GatewayTimeout, "AI timed out", error),
                "ai_unavailable" => Problem(StatusCodes.Status503ServiceUnavailable, "AI unavailable", error),
                _ => TypedResults.Ok(new AiJobStatus("failed", null, error)),
            };
        }
        return TypedResults.Ok(new AiJobStatus(queueState is Data.Entities.BackgroundJobStatus.Running ? "running" : "queued", null, null));
    }

    private static IResult Problem(int status, string title, AiJobError error) => TypedResults.Problem(
        title: title, detail: error.Message, statusCode: status,
        extensions: new Dictionary<string, object?> { ["code"] = error.Code, ["job_status"] = "failed" });

    private static async Task<Ok<RoomMessagesPage>> Messages(Guid roomId, HttpContext http, RoomAccess access, CandorDbContext db,
        string? cursor, int? limit, CancellationToken cancellationToken)
    {
        await access.RequireAsync(http, roomId, RoomCapabilities.CodeView, cancellationToken);
        var errors = new FieldErrors();
        long after = 0;
        if (cursor is not null && (!long.TryParse(cursor, out after) || after < 0))
        {
            errors.Add("cursor", "The field 'cursor' must be a next_cursor from an earlier page.");
        }
        if (limit is < 1 or > 200)
        {
            errors.Add("limit", "The field 'limit' must be between 1 and 200.");
        }
        errors.ThrowIfAny();
        var size = limit ?? 50;
        var rows = await db.Set<RoomMessage>().AsNoTracking().Where(m => m.RoomId == roomId && m.Id > after).OrderBy(m => m.Id).Take(size + 1)
            .ToListAsync(cancellationToken);
        var page = rows.Take(size).Select(m => new RoomMessageView(m.Id, m.Author, m.Text, m.Code, m.FollowUpType, m.Difficulty, m.CreatedAt)).ToList();
        return TypedResults.Ok(new RoomMessagesPage(page, rows.Count > size ? page[^1].Id.ToString() : null));
    }

}

/// <summary>
/// Everything before a room's AI job is queued: the caller's limits (counted in PostgreSQL under a per-caller
/// lock, so every node sees the same count), the AI circuit, then the request row and its job in one transaction.
/// </summary>
public sealed class RoomAiGate(CandorDbContext db, ChatClientFactory clients, IOptions<RoomAiOptions> options, IOptions<JobQueueOptions> queues, TimeProvider clock)
{
    public async Task<Accepted<AiJobAccepted>> EnqueueAsync<TRequest>(RoomCaller caller, RoomAiKind kind, TRequest request, CancellationToken cancellationToken,
        Action<RoomAiRequest>? onAccepted = null, Func<Task>? afterLimits = null)
    {
        var room = caller.Room;
        if (await clients.GetClientAsync(room.OrganizationId, cancellationToken) is { } client && client.GetService<CircuitBreaker>() is { IsOpen: true })
        {
            throw new ApiProblemException(StatusCodes.Status503ServiceUnavailable, "AI unavailable",
                "The AI is not answering right now after repeated failures. Please try again in a minute.", "ai_unavailable")
            { RetryAfter = TimeSpan.FromSeconds(30) };
        }

        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtextextended({room.Id + "|" + caller.Caller}, 0))", cancellationToken);
        var now = clock.GetUtcNow();
        var limit = kind switch
        {
            RoomAiKind.Hint => (Count: options.Value.HintsPerWindow, Window: options.Value.HintWindow, What: "asked for {0} hints"),
            RoomAiKind.Message => (Count: options.Value.MessagesPerWindow, Window: options.Value.MessageWindow, What: "sent {0} messages"),
            _ => (Count: 0, Window: TimeSpan.Zero, What: ""),
        };
        if (limit.Count > 0)
        {
            var since = now - limit.Window;
            var recent = await db.Set<RoomAiRequest>().AsNoTracking()
                .Where(r => r.RoomId == room.Id && r.Caller == caller.Caller && r.Kind == kind && r.CreatedAt > since)
                .OrderBy(r => r.CreatedAt).Select(r => r.CreatedAt).ToListAsync(cancellationToken);
            if (recent.Count >= limit.Count)
            {
                var retryAfter = recent[recent.Count - limit.Count] + limit.Window - now;
                var seconds = (int)Math.Ceiling(Math.Max(1, retryAfter.TotalSeconds));
                throw new ApiProblemException(StatusCodes.Status429TooManyRequests, "Too many requests",
                    $"You've {string.Format(CultureInfo.InvariantCulture, limit.What, limit.Count)} in the last {Describe(limit.Window, single: true)}. You can try again in {Describe(TimeSpan.FromSeconds(seconds))}.",
                    "rate_limited")
                { RetryAfter = TimeSpan.FromSeconds(seconds) };
            }
        }

        if (afterLimits is not null)
        {
            await afterLimits();
        }

        var (jobKind, queue) = kind switch
        {
            RoomAiKind.Message => (RoomAiApi.InterviewKind, RoomAiApi.InterviewQueue),
            RoomAiKind.Hint => (RoomAiApi.HintKind, RoomAiApi.HintQueue),
            _ => (RoomAiApi.ReviewKind, RoomAiApi.ReviewQueue),
        };
        var id = Guid.CreateVersion7();
        var maxAttempts = queues.Value.Queues.TryGetValue(queue, out var definition) ? definition.MaxAttempts : new JobQueueDefinition().MaxAttempts;
        var job = db.EnqueueJob(jobKind, new RoomAiJobPayload(id), room.OrganizationId, maxAttempts);
        await db.SaveChangesAsync(cancellationToken);
        var ai = new RoomAiRequest
        {
            Id = id,
            RoomId = room.Id,
            MemberId = caller.MemberId,
            Caller = caller.Caller,
            Kind = kind,
            BackgroundJobId = job.Id,
            Request = JsonSerializer.SerializeToDocument(request, CandorJson.Options),
            CreatedAt = now,
        };
        db.Set<RoomAiRequest>().Add(ai);
        onAccepted?.Invoke(ai);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Accepted($"/api/v1/rooms/{room.Id}/ai/{CandorJson.EnumName(kind)}/{id}", new AiJobAccepted(id, "queued"));
    }

    /// <summary>Hints asked for a problem in a room, given or still queued: the ladder has three rungs.</summary>
    public static async Task<int> HintsAskedAsync(CandorDbContext db, Guid roomId, string problemId, CancellationToken cancellationToken)
    {
        // A hint that failed for good (its job dead) is not one the candidate got: it does not use up a rung.
        var requests = await db.Set<RoomAiRequest>().AsNoTracking()
            .Where(r => r.RoomId == roomId && r.Kind == RoomAiKind.Hint && r.FailedAt == null)
            .Where(r => !db.BackgroundJobs.Any(j => j.Id == r.BackgroundJobId && j.Status == Data.Entities.BackgroundJobStatus.Dead))
            .Select(r => r.Request).ToListAsync(cancellationToken);
        return requests.Count(r => r.RootElement.TryGetProperty("problem_id", out var id) && id.GetString() == problemId);
    }

    /// <param name="single">"the last minute" rather than "the last 1 minute".</param>
    private static string Describe(TimeSpan span, bool single = false) => span switch
    {
        _ when single && span == TimeSpan.FromMinutes(1) => "minute",
        _ when span.TotalSeconds < 90 => $"{Math.Ceiling(span.TotalSeconds):0} second{(Math.Ceiling(span.TotalSeconds) == 1 ? "" : "s")}",
        _ => $"{Math.Ceiling(span.TotalMinutes):0} minutes",
    };
}

public sealed record RoomAiJobPayload(Guid RequestId);
