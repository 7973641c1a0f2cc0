using System.Text.Json;
using Candor.Engine.Technical;
using Candor.Web.Data;
using Candor.Web.Features.Accounts;
using Candor.Web.Features.ApiKeys;
using Candor.Web.Features.CodeRuns;
using Candor.Web.Features.Quotas;
using Candor.Web.Infrastructure;
using Candor.Web.Providers.Speech;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Candor.Web.Features.Rooms;

public static class RoomsApi
{
    public const int MaxCodeLength = 50_000;

    public static RouteGroupBuilder MapRoomsApi(this RouteGroupBuilder api)
    {
        var rooms = api.MapGroup("/rooms").WithTags("Rooms");
        rooms.MapPost("/", Create).RequireScope("interviews:write");
        rooms.MapGet("/{roomId:guid}", Get);
        rooms.MapPost("/{roomId:guid}/runs", Run);
        rooms.MapGet("/{roomId:guid}/runs", ListRuns);
        return api;
    }

    private static async Task<Created<CreateRoomResponse>> Create(
        CreateRoomRequest request, CandorDbContext db, [FromServices] IProblemCatalog problems, UsageQuotas quotas, IOptions<CandorOptions> options,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        RoomMode mode = default;
        if (request.Mode is not ("ai" or "peer"))
        {
            errors.Add("mode", "The field 'mode' must be \"ai\" or \"peer\".");
        }
        else
        {
            mode = request.Mode == "ai" ? RoomMode.Ai : RoomMode.Peer;
        }
        var name = AccountForms.Clean(request.Candidate?.Name);
        var email = AccountForms.Clean(request.Candidate?.Email);
        errors.RequireText("candidate.name", name, 200).RequireText("candidate.email", email, 320);
        if (email is not null && !AccountForms.IsEmail(email))
        {
            errors.Add("candidate.email", "The field 'candidate.email' must be an e-mail address.");
        }
        var language = RoomLanguages.Of(errors, request.Language, required: false);
        Problem? problem = null;
        if (request.ProblemId is not null)
        {
            problem = await problems.FindAsync(request.ProblemId, cancellationToken);
            if (problem is null)
            {
                errors.Add("problem_id", $"There is no problem '{request.ProblemId}'. GET /api/v1/problems lists them.");
            }
            else if (language is { } chosen && !problem.Languages.Contains(chosen))
            {
                errors.Add("language", $"The problem '{problem.Id}' is not offered in {request.Language}.");
            }
        }
        if (request.InterviewId is { } interviewId && !await db.Interviews.AnyAsync(i => i.Id == interviewId, cancellationToken))
        {
            errors.Add("interview_id", $"There is no interview {interviewId} in this organisation.");
        }
        errors.ThrowIfAny();

        // Every room counts against the plan's monthly technical-room quota (429 quota_exceeded when used up); the count
        // and the room commit together.
        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
        await quotas.ConsumeTechnicalRoomAsync(db, cancellationToken);
        var now = clock.GetUtcNow();
        var room = new Room
        {
            Id = Guid.CreateVersion7(),
            Mode = mode,
            ProblemId = problem?.Id,
            Language = language is { } lang ? RoomLanguages.Name(lang) : problem?.Languages.Select(RoomLanguages.Name).FirstOrDefault(),
            InterviewId = request.InterviewId,
            CandidateName = name!,
            CandidateEmail = email!,
            Difficulty = problem?.Difficulty ?? ProblemDifficulty.Medium,
            CreatedAt = now,
        };
        var token = RoomAccess.NewToken();
        db.Set<Room>().Add(room);
        db.Set<RoomMember>().Add(RoomMember.Candidate(room, token, now));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var candidateUrl = RoomAccess.CandidateUrl(options.Value.PublicBaseUrl, room.Id, token);
        var interviewerUrl = mode == RoomMode.Peer ? $"{options.Value.PublicBaseUrl.TrimEnd('/')}/rooms/{room.Id}" : null;
        return TypedResults.Created($"/api/v1/rooms/{room.Id}", new CreateRoomResponse(room.Id, mode, candidateUrl, token, interviewerUrl));
    }

    private static async Task<Ok<RoomView>> Get(Guid roomId, HttpContext http, RoomAccess access, CandorDbContext db, [FromServices] IProblemCatalog problems,
        ISpeechProviders speech, CancellationToken cancellationToken)
    {
        var caller = await access.RequireAsync(http, roomId, RoomCapabilities.CodeView, cancellationToken);
        var room = caller.Room;
        var problem = room.ProblemId is null ? null : await problems.FindAsync(room.ProblemId, cancellationToken);
        // One read: the hints given are listed, and their count is the hints used.
        var hints = await RoomState.HintsGivenAsync(db, room.Id, cancellationToken);
        return TypedResults.Ok(new RoomView(room.Id, room.Mode, room.Language, room.Difficulty, room.CandidateName, caller.Role,
            [.. caller.Capabilities.Order(StringComparer.Ordinal)], hints.Count, Math.Max(0, HintGiver.MaxHints - hints.Count),
            problem is null ? null : new RoomProblemView(problem.Id, problem.Title, problem.Difficulty, problem.Topics, problem.Statement, problem.Examples,
                problem.StarterCode.ToDictionary(p => RoomLanguages.Name(p.Key), p => p.Value, StringComparer.Ordinal)),
            await RoomVoice.ViewAsync(db, speech, room, cancellationToken),
            hints));
    }

    private static async Task<Ok<RunCodeResponse>> Run(Guid roomId, RunCodeRequest request, HttpContext http, RoomAccess access,
        CandorDbContext db, [FromServices] IProblemCatalog problems, [FromServices] ICodeRunner runner, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = await access.RequireAsync(http, roomId, RoomCapabilities.CodeEdit, cancellationToken);
        var errors = new FieldErrors();
        errors.RequireText("code", request.Code, MaxCodeLength);
        var named = RoomLanguages.Of(errors, request.Language);
        if (request.Mode is not ("run" or "submit"))
        {
            errors.Add("mode", "The field 'mode' must be \"run\" or \"submit\".");
        }
        errors.ThrowIfAny();
        var language = named!.Value;
        var problem = await RoomState.ProblemAsync(caller.Room, problems, cancellationToken)
            ?? throw ApiProblemException.Conflict("This room has no problem to run code against.", "no_problem");
        if (!problem.Languages.Contains(language))
        {
            throw new FieldErrors().Add("language", $"The problem '{problem.Id}' is not offered in {request.Language}.").ToException();
        }

        var mode = request.Mode == "submit" ? RunMode.Submit : RunMode.Run;
        var result = await runner.RunAsync(problem, language, request.Code!, mode, cancellationToken);
        var response = RunCodeResponse.From(result, mode);
        var run = new RoomRun
        {
            Id = Guid.CreateVersion7(),
            RoomId = roomId,
            MemberId = caller.MemberId,
            Mode = request.Mode!,
            Language = request.Language!,
            Code = request.Code!,
            Verdict = CandorJson.EnumName(result.Verdict),
            Passed = result.Passed,
            Total = result.Total,
            Result = JsonSerializer.SerializeToDocument(response, CandorJson.Options),
            CreatedAt = clock.GetUtcNow(),
        };
        db.Set<RoomRun>().Add(run);
        var summary = RoomState.Summary(run);
        Weaknesses.Record(db, caller.Room, WeaknessDetector.FromRun(summary, run.Code, language), $"run:{run.Id}", run.CreatedAt);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(response);
    }

    /// <summary>The runs of a room with the code at each, newest first: what the recruiter reviews.</summary>
    private static async Task<Ok<List<RoomRunView>>> ListRuns(Guid roomId, HttpContext http, RoomAccess access, CandorDbContext db, CancellationToken cancellationToken)
    {
        await access.RequireAsync(http, roomId, RoomCapabilities.CodeView, cancellationToken);
        var runs = await db.Set<RoomRun>().AsNoTracking().Where(r => r.RoomId == roomId).OrderByDescending(r => r.CreatedAt).Take(200)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(runs.Select(r => new RoomRunView(r.Id, r.Mode, r.Language, r.Code, r.Verdict, r.Passed, r.Total, r.CreatedAt)).ToList());
    }
}

public sealed record RoomRunView(Guid Id, string Mode, string Language, string Code, string Verdict, int Passed, int Total, DateTimeOffset CreatedAt);

internal static class FieldErrorsExtensions
{
    public static FieldErrorsException ToException(this FieldErrors errors) => new(errors);
}
