using System.Text.Json;
using System.Text.Json.Serialization;
using Candor.Engine.Ai.Llm;
using Candor.Engine.Technical;
using Candor.Web.Data;
using Candor.Web.Features.CodeRuns;
using Candor.Web.Infrastructure;
using Candor.Web.Infrastructure.Blobs;
using Candor.Web.Jobs;
using Candor.Web.Providers;
using Candor.Web.Providers.Speech;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;

namespace Candor.Web.Features.Rooms;

/// <summary>
/// Runs one room AI request (ai:interview, ai:hint, ai:review). Offline engines answer when the organisation has
/// no provider; with one, the LLM words the reply, writes the hint and writes the review. Provider failures follow
/// the contract for replies and reviews: timeouts, rate limits and server errors are retried by the queue (then
/// dead-lettered), auth and request errors fail at once, invalid model output is retried and then fails. A hint falls
/// back to the problem's ladder instead. In a voice room a spoken message is transcribed first (a failure fails the
/// job at once) and the reply is spoken (a failure leaves audio_url out). Safe to run twice: a finished request is skipped.
/// </summary>
public sealed class RoomAiJob(
    CandorDbContext db,
    IProblemCatalog problems,
    ChatClientFactory clients,
    ISpeechProviders speech,
    IBlobStore blobs,
    AudioTools audioTools,
    TimeProvider clock,
    ILogger<RoomAiJob> logger) : IJobHandler
{
    public async Task HandleAsync(JsonElement payload, CancellationToken cancellationToken)
    {
        var requestId = payload.Deserialize<RoomAiJobPayload>(CandorJson.Options)!.RequestId;
        var request = await db.Set<RoomAiRequest>().FirstOrDefaultAsync(r => r.Id == requestId, cancellationToken);
        if (request is null || request.CompletedAt is not null)
        {
            return; // the room was deleted, or a previous run of this job already finished it
        }
        // Running again after failing for good: an operator replayed the dead job once the cause was fixed.
        request.FailedAt = null;
        var room = await db.Set<Room>().FirstAsync(r => r.Id == request.RoomId, cancellationToken);
        var client = await clients.GetClientAsync(room.OrganizationId, cancellationToken);
        try
        {
            object result = request.Kind switch
            {
                RoomAiKind.Message => await MessageAsync(room, request, client, cancellationToken),
                RoomAiKind.Hint => await HintAsync(room, request, client, cancellationToken),
                _ => await ReviewAsync(room, request, client, cancellationToken),
            };
            var now = clock.GetUtcNow();
            request.Result = JsonSerializer.SerializeToDocument(result, CandorJson.Options);
            request.CompletedAt = now;
            request.ErrorCode = null;
            request.Error = null;
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (AiProviderException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // A key the provider refuses, or a request it rejects, will not work on a second try.
            var permanent = ex.Kind is AiFailureKind.Unauthorized or AiFailureKind.BadRequest or AiFailureKind.Refused;
            var (code, message) = ex.Kind switch
            {
                AiFailureKind.Timeout => ("ai_timeout", "The AI took too long to answer. Please try again."),
                AiFailureKind.CircuitOpen => ("ai_unavailable", "The AI is not answering right now. Please try again in a minute."),
                AiFailureKind.RateLimited => ("ai_rate_limited", "The AI is busy right now. Please try again in a minute."),
                AiFailureKind.Unauthorized => ("ai_auth_failed", "The AI provider refused this organisation's credentials. An administrator needs to check the AI settings."),
                _ => ("ai_failed", "The AI could not answer this time. Please try again."),
            };
            await MarkAsync(request.Id, code, message, permanent, cancellationToken);
            if (permanent)
            {
                throw new PermanentJobFailureException($"{ex.Outcome}: {ex.Message}", ex);
            }
            throw;
        }
        catch (SpeechToTextFailedException ex)
        {
            // The contract: a failed speech-to-text fails the job, with no retry; the candidate records again or types.
            await MarkAsync(request.Id, ex.Code, ex.Message, permanent: true, cancellationToken);
            throw new PermanentJobFailureException($"{ex.Code}: {ex.InnerException?.Message ?? ex.Message}", ex);
        }
        catch (InvalidModelOutputException)
        {
            await MarkAsync(request.Id, "invalid_output", "The AI's answer could not be used. Please try again.", permanent: false, cancellationToken);
            throw;
        }
    }

    private async Task<object> MessageAsync(Room room, RoomAiRequest request, IChatClient? client, CancellationToken cancellationToken)
    {
        var spoken = RoomVoice.SpokenOf(request);
        var asked = spoken is null
            ? request.Request.Deserialize<RoomMessageRequest>(CandorJson.Options)!
            : new RoomMessageRequest(null, spoken.Code, spoken.Language);
        var voice = await RoomVoice.IsOnAsync(db, room, cancellationToken);
        var engines = voice || spoken is not null ? await speech.ForInterviewAsync(room.OrganizationId, room.InterviewId, cancellationToken) : null;
        string? heard = null;
        if (spoken is not null)
        {
            // Transcribed once: a run that failed later finds the words already in the conversation.
            var kept = await db.Set<RoomMessage>().AsNoTracking().FirstOrDefaultAsync(m => m.AiRequestId == request.Id && m.Author != MessageAuthor.Ai, cancellationToken);
            heard = kept?.Text;
            if (heard is null)
            {
                heard = await RoomVoice.TranscribeAsync(spoken, engines!, blobs, audioTools, cancellationToken);
                db.Set<RoomMessage>().Add(new RoomMessage
                {
                    RoomId = room.Id,
                    MemberId = request.MemberId,
                    AiRequestId = request.Id,
                    Author = spoken.Author,
                    Text = heard,
                    Code = spoken.Code,
                    Language = spoken.Language,
                    CreatedAt = request.CreatedAt,
                });
                await db.SaveChangesAsync(cancellationToken);
            }
            asked = asked with { Text = heard };
        }
        var history = await db.Set<RoomMessage>().AsNoTracking().Where(m => m.RoomId == room.Id).OrderBy(m => m.Id).ToListAsync(cancellationToken);
        var current = history.LastOrDefault(m => m.AiRequestId == request.Id && m.Author != MessageAuthor.Ai);
        var earlier = current is null ? history : history.Where(m => m.Id < current.Id).ToList();
        var previousCandidate = earlier.LastOrDefault(m => m.Author != MessageAuthor.Ai);
        var lastAi = earlier.LastOrDefault(m => m.Author == MessageAuthor.Ai);

        var lastRun = await RoomState.LastRunAsync(db, room.Id, cancellationToken);
        var code = asked.Code ?? await db.Set<RoomRun>().Where(r => r.RoomId == room.Id).OrderByDescending(r => r.CreatedAt).Select(r => r.Code).FirstOrDefaultAsync(cancellationToken);
        CodeLanguage? language = RoomLanguages.TryParse(asked.Language ?? room.Language, out var parsed) ? parsed : null;
        var turn = new TechnicalTurn(
            await RoomState.ProblemAsync(room, problems, cancellationToken),
            asked.Text ?? "",
            code,
            language,
            lastRun,
            await RoomState.HintsUsedAsync(db, room.Id, cancellationToken),
            UnresolvedFollowUps(earlier),
            previousCandidate is null || current is null ? null : (current.CreatedAt - previousCandidate.CreatedAt).TotalSeconds,
            room.Difficulty,
            await Weaknesses.HistoricalAsync(db, room, cancellationToken),
            earlier.Where(m => m.ProbedWeakness is not null).Select(m => m.ProbedWeakness!.Value).ToHashSet());

        var reply = TechnicalInterviewer.Reply(turn);
        if (client is not null)
        {
            reply = await new LlmTechnicalRoles(Tagged(client, "room_interviewer"), LlmOptionsFor(client)).ReplyAsync(turn, reply, cancellationToken);
        }

        var now = clock.GetUtcNow();
        db.Set<RoomMessage>().Add(new RoomMessage
        {
            RoomId = room.Id,
            AiRequestId = request.Id,
            Author = MessageAuthor.Ai,
            Text = reply.Reply,
            FollowUpType = reply.FollowUpType,
            Difficulty = reply.Difficulty,
            ProbedWeakness = reply.Probed,
            CreatedAt = now,
        });
        if (room.Difficulty != reply.Difficulty)
        {
            logger.LogInformation("Room {RoomId} difficulty {From} → {To}: {Reason}", room.Id, room.Difficulty, reply.Difficulty, reply.Decision.Reason);
            room.Difficulty = reply.Difficulty;
        }
        Weaknesses.Record(db, room, WeaknessDetector.FromConversation(asked.Text ?? "", lastAi?.FollowUpType is FollowUpType.Question or FollowUpType.Evaluation),
            $"ai:{request.Id}", now);
        request.Provider = client is null ? "offline" : client.GetService<ChatClientMetadata>()?.ProviderName;
        // A failed text-to-speech leaves audio_url out: the reply is on screen either way.
        var audioUrl = voice && engines is not null ? await RoomVoice.SpeakAsync(room, request.Id, reply.Reply, engines, blobs, logger, cancellationToken) : null;
        return new MessageResult(reply.Reply, reply.FollowUpType, reply.Difficulty, audioUrl, heard);
    }

    private async Task<object> HintAsync(Room room, RoomAiRequest request, IChatClient? client, CancellationToken cancellationToken)
    {
        var asked = request.Request.Deserialize<RoomHintRequest>(CandorJson.Options)!;
        var problem = await RoomState.ProblemAsync(room, problems, cancellationToken, asked.ProblemId)
            ?? throw new PermanentJobFailureException($"Problem '{asked.ProblemId}' no longer exists.");
        var given = await db.Set<RoomAiRequest>().AsNoTracking()
            .Where(r => r.RoomId == room.Id && r.Kind == RoomAiKind.Hint && r.CompletedAt != null && r.Id != request.Id)
            .Select(r => r.Request).ToListAsync(cancellationToken);
        var used = given.Count(r => r.RootElement.TryGetProperty("problem_id", out var id) && id.GetString() == problem.Id);
        CodeLanguage? language = RoomLanguages.TryParse(asked.Language ?? room.Language, out var parsed) ? parsed : null;
        var hint = HintGiver.Next(problem, used, asked.Code, language);
        if (hint is null)
        {
            await MarkAsync(request.Id, "no_hints_left", $"All {HintGiver.MaxHints} hints for this problem have been given.", permanent: true, cancellationToken);
            throw new PermanentJobFailureException("No hints left for this problem.");
        }
        request.Provider = "offline";
        if (client is not null)
        {
            // Unlike a reply or a review, a hint always has a good answer without the model: the ladder's own rung.
            // So a provider that fails (after its own retries) or writes an unusable hint costs the candidate
            // nothing: they get the rung at the same level, and the attempt stays in ai_usage like any other call.
            try
            {
                hint = await new LlmTechnicalRoles(Tagged(client, "room_hint"), LlmOptionsFor(client)).HintAsync(problem, hint, asked.Code, language, cancellationToken);
                request.Provider = client.GetService<ChatClientMetadata>()?.ProviderName;
            }
            catch (Exception ex) when (ex is AiProviderException or InvalidModelOutputException && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Room {RoomId}: the LLM hint failed ({Reason}); giving the problem's own level {Level} hint", room.Id,
                    ex is AiProviderException provider ? provider.Kind.ToString() : "invalid output", hint.Level);
            }
        }
        return new HintResult(hint.Level, hint.Text, hint.HintsUsed, hint.HintsLeft);
    }

    private async Task<object> ReviewAsync(Room room, RoomAiRequest request, IChatClient? client, CancellationToken cancellationToken)
    {
        var asked = request.Request.Deserialize<RoomReviewRequest>(CandorJson.Options)!;
        var language = RoomLanguages.TryParse(asked.Language, out var parsed) ? parsed : CodeLanguage.Python; // validated at the endpoint
        var problem = await RoomState.ProblemAsync(room, problems, cancellationToken);
        var code = asked.Code ?? "";
        // Test results speak for this code only if the latest run ran exactly this code.
        var latest = await db.Set<RoomRun>().AsNoTracking().Where(r => r.RoomId == room.Id).OrderByDescending(r => r.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        var run = latest is not null && latest.Code.Trim() == code.Trim() ? RoomState.Summary(latest) : null;

        var outcome = CodeReviewer.Review(code, language, problem, run);
        var review = outcome.Review;
        if (client is not null)
        {
            review = await new LlmTechnicalRoles(Tagged(client, "code_reviewer"), LlmOptionsFor(client))
                .ReviewAsync(code, language, problem, run, CodeMetrics.Analyze(code, language), cancellationToken);
        }
        Weaknesses.Record(db, room, outcome.Weaknesses, $"ai:{request.Id}", clock.GetUtcNow());
        request.Provider = client is null ? "offline" : client.GetService<ChatClientMetadata>()?.ProviderName;
        return ReviewResult.From(review);
    }

    /// <summary>Questions the AI asked that the candidate's next message did not answer with substance (or not at all).</summary>
    private static int UnresolvedFollowUps(List<RoomMessage> history)
    {
        var unresolved = 0;
        for (var i = 0; i < history.Count; i++)
        {
            if (history[i] is not { Author: MessageAuthor.Ai, FollowUpType: FollowUpType.Question })
            {
                continue;
            }
            var answer = history.Skip(i + 1).FirstOrDefault(m => m.Author != MessageAuthor.Ai);
            if (answer is not null && answer.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length < 4)
            {
                unresolved++;
            }
        }
        return unresolved;
    }

    private Task MarkAsync(Guid requestId, string code, string message, bool permanent, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return db.Set<RoomAiRequest>().Where(r => r.Id == requestId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.ErrorCode, code)
            .SetProperty(r => r.Error, message)
            .SetProperty(r => r.FailedAt, r => permanent ? now : r.FailedAt), CancellationToken.None);
    }

    private static LlmOptions LlmOptionsFor(IChatClient client)
    {
        var metadata = client.GetService<ChatClientMetadata>();
        return new LlmOptions(metadata?.ProviderName ?? "llm", metadata?.DefaultModelId ?? "unknown");
    }

    private static IChatClient Tagged(IChatClient client, string role) => new RoleTaggedChatClient(client, role);

    /// <summary>Accounts each call to its role in ai_usage.</summary>
    private sealed class RoleTaggedChatClient(IChatClient inner, string role) : DelegatingChatClient(inner)
    {
        public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            base.GetResponseAsync(messages, options.WithCallContext(role), cancellationToken);
    }
}

/// <param name="AudioUrl">The reply's speech, in a voice room when text-to-speech worked.</param>
/// <param name="Heard">What speech-to-text heard, for a spoken message.</param>
public sealed record MessageResult(
    string Reply,
    FollowUpType FollowUpType,
    ProblemDifficulty Difficulty,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AudioUrl = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Heard = null);

public sealed record HintResult(int Level, string Hint, int HintsUsed, int HintsLeft);

public sealed record ReviewEvidenceView(int Line, string Note);

public sealed record ReviewCategoryView(int Score, IReadOnlyList<ReviewEvidenceView> Evidence);

public sealed record ReviewResult(int Score, IReadOnlyDictionary<string, ReviewCategoryView> Categories, IReadOnlyList<ReviewSuggestion> Suggestions, string Summary)
{
    public static ReviewResult From(CodeReview review) => new(
        review.Score,
        review.Categories.OrderBy(c => c.Key).ToDictionary(
            c => CandorJson.EnumName(c.Key),
            c => new ReviewCategoryView(c.Value.Score, c.Value.Evidence.Select(e => new ReviewEvidenceView(e.Line, e.Note)).ToList()), StringComparer.Ordinal),
        review.Suggestions,
        review.Summary);
}
