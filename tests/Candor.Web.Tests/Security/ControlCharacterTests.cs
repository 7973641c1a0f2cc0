using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Candor.Web.Infrastructure;
using Candor.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Candor.Web.Tests.Security;

/// <summary>
/// Issue 8, item 4: a U+0000 in stored text was a 500 everywhere (PostgreSQL text cannot hold it). API text is
/// refused with a field error naming the field, a candidate's answer has it stripped and the interview goes on,
/// and the transport-level cases (a %00 path, an oversize chunked body) get problems like everything else.
/// </summary>
public sealed class ControlCharacterTests(KestrelCandorApp app) : IClassFixture<KestrelCandorApp>
{
    private const string Nul = "\u0000";

    public static TheoryData<string, string, string> RefusedFields => new()
    {
        { "/api/v1/jobs", $$"""{"title": "Backend{{Esc}}Engineer", "description": "Builds APIs in C#"}""", "title" },
        { "/api/v1/jobs", $$"""{"title": "Engineer", "description": "Builds APIs\u0001 in C#"}""", "description" },
        { "/api/v1/jobs", $$"""{"title": "Engineer", "description": "Builds APIs", "stage_type": "technical{{Esc}}"}""", "stage_type" },
        { "/api/v1/interviews/schedule", $$"""{"job_id": "{{Guid.Empty}}", "candidate": {"name": "Ada{{Esc}}", "email": "ada@example.com"} }""", "candidate.name" },
        { "/api/v1/webhooks/endpoints", $$"""{"url": "https://example.com/hook", "event_types": ["interview.completed"], "description": "ops{{Esc}}"}""", "description" },
        { "/api/v1/webhooks/endpoints", $$"""{"url": "https://example.com/hook", "event_types": ["interview.completed{{Esc}}"]}""", "event_types[0]" },
        { "/api/v1/api-keys", $$"""{"name": "ci{{Esc}}pipeline", "scopes": ["interviews:read"]}""", "name" },
    };

    private const string Esc = "\\u0000";

    [Theory]
    [MemberData(nameof(RefusedFields))]
    public async Task A_nul_in_api_text_is_a_400_naming_the_field_and_writes_nothing(string path, string body, string field)
    {
        var tenant = await app.CreateTenantAsync();
        var problem = await (await tenant.Client.PostRaw(path, body)).Problem(HttpStatusCode.BadRequest);
        problem["code"]!.GetValue<string>().ShouldBe("validation_failed");
        problem["errors"]![field]![0]!.GetValue<string>().ShouldContain("control characters");

        (await tenant.Client.GetJson("/api/v1/jobs"))["total"]!.GetValue<int>().ShouldBe(0);
        (await tenant.Client.GetJson("/api/v1/interviews"))["total"]!.GetValue<int>().ShouldBe(0);
        (await tenant.Client.GetJson("/api/v1/webhooks/endpoints"))["total"]!.GetValue<int>().ShouldBe(0);
        (await tenant.Client.GetJson("/api/v1/api-keys"))["total"]!.GetValue<int>().ShouldBe(1, "only the tenant's own key");
    }

    [Fact]
    public async Task A_nul_deep_in_a_question_list_names_its_place()
    {
        var tenant = await app.CreateTenantAsync();
        var job = await new InterviewDriver(app, tenant).CreateJobAsync();
        var problem = await (await tenant.Client.PutJson($"/api/v1/jobs/{job["id"]}/questions", new
        {
            questions = new[] { new { text = "How do you index a table?", rubric = new { expected_points = new[] { "B-trees", "selectivity" + Nul } } } },
        })).Problem(HttpStatusCode.BadRequest);
        problem["errors"]!["questions[0].rubric.expected_points[1]"].ShouldNotBeNull();
        (await tenant.Client.GetJson($"/api/v1/jobs/{job["id"]}"))["questions"]!.AsArray().Count.ShouldBe(job["questions"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("/api/v1/interviews?q=%00", "q")]
    [InlineData("/api/v1/interviews?q=abc%01def", "q")]
    [InlineData("/api/v1/jobs?page=1%00", "page")]
    [InlineData("/api/v1/interviews?%00=1", "\\u0000")]
    public async Task A_control_character_in_the_query_string_is_a_400_naming_the_parameter(string url, string field)
    {
        var tenant = await app.CreateTenantAsync();
        var problem = await (await tenant.Client.GetAsync(url)).Problem(HttpStatusCode.BadRequest);
        problem["errors"]![field].ShouldNotBeNull();
    }

    [Theory]
    [InlineData("/api/v1/jobs/%00")]
    [InlineData("/api/v1/sessions/abc%00def/start")]
    [InlineData("/app/jobs/%00")]
    [InlineData("/api/v1/sessions/%01")]
    public async Task A_control_character_in_the_path_is_a_problem_not_kestrels_empty_400(string path)
    {
        var tenant = await app.CreateTenantAsync();
        var problem = await (await tenant.Client.GetAsync(path)).Problem(HttpStatusCode.BadRequest);
        problem["code"]!.GetValue<string>().ShouldBe("invalid_path");

        // The connection is still good for the next request.
        (await tenant.Client.GetAsync("/api/v1/jobs")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_oversize_chunked_body_is_the_same_413_as_one_with_a_content_length()
    {
        var tenant = await app.CreateTenantAsync();
        var body = Encoding.UTF8.GetBytes("{\"title\": \"x\", \"description\": \"" + new string('a', 300_000) + "\"}");

        var announced = await (await tenant.Client.PostAsync("/api/v1/jobs", Json(new ByteArrayContent(body)))).Problem(HttpStatusCode.RequestEntityTooLarge);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/jobs") { Content = Json(new StreamContent(new UnknownLengthStream(body))) };
        request.Headers.TransferEncodingChunked = true;
        var streamed = await (await tenant.Client.SendAsync(request)).Problem(HttpStatusCode.RequestEntityTooLarge);

        streamed["code"]!.GetValue<string>().ShouldBe("payload_too_large");
        streamed["detail"]!.GetValue<string>().ShouldBe(announced["detail"]!.GetValue<string>());
        (await tenant.Client.GetJson("/api/v1/jobs"))["total"]!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    public async Task An_oversize_chunked_body_on_a_raw_connection_gets_the_problem_too()
    {
        var tenant = await app.CreateTenantAsync();
        var address = tenant.Client.BaseAddress!;
        using var socket = new TcpClient();
        await socket.ConnectAsync(address.Host, address.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /api/v1/jobs HTTP/1.1\r\nHost: {address.Authority}\r\nX-Api-Key: {tenant.ApiKey}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"));
        // Valid JSON as far as it goes (an open string), so only its size can stop it.
        const string opening = "{\"title\": \"x\", \"description\": \"";
        var chunk = Encoding.ASCII.GetBytes($"{8192:x}\r\n{new string('a', 8192)}\r\n");
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"{opening.Length:x}\r\n{opening}\r\n"));
            for (var sent = 0; sent < 300_000; sent += 8192)
            {
                await stream.WriteAsync(chunk);
            }
            await stream.WriteAsync("0\r\n\r\n"u8.ToArray());
        }
        catch (IOException)
        {
            // The server may answer and close before the client has finished sending; the answer is what counts.
        }
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var response = await reader.ReadToEndAsync();
        response.ShouldStartWith("HTTP/1.1 413");
        response.ShouldContain("Content-Type: application/problem+json");
        response.ShouldContain("\"code\":\"payload_too_large\"");
    }

    [Fact]
    public async Task A_pasted_answer_with_nul_is_stripped_accepted_and_the_interview_goes_on()
    {
        var tenant = await app.CreateTenantAsync();
        var driver = new InterviewDriver(app, tenant);
        var interview = await driver.ScheduleNewAsync();
        var first = await driver.StartAsync(interview.Token);

        var second = await driver.AnswerAsync(interview.Token, first, $"I add an index{Nul} on the\u0001 foreign key\tand check the plan.");
        second["turn_id"]!.GetValue<string>().ShouldNotBe(first["turn_id"]!.GetValue<string>());
        // The retry a stuck candidate would make is the idempotent replay, not a second failure.
        (await driver.AnswerAsync(interview.Token, first, $"I add an index{Nul} on the\u0001 foreign key\tand check the plan."))["turn_id"]!
            .GetValue<string>().ShouldBe(second["turn_id"]!.GetValue<string>());
        var code = await (await app.Candidate().PostJson($"/api/v1/sessions/{interview.Token}/answers", new
        {
            turn_id = second["turn_id"]!.GetValue<string>(), text = "Here is my query.", code = $"SELECT 1;{Nul}",
        })).Json();
        code["done"].ShouldNotBeNull();

        var transcript = (await app.Candidate().GetJson($"/api/v1/sessions/{interview.Token}"))["transcript"]!.AsArray();
        transcript[0]!["answer"]!.GetValue<string>().ShouldBe("I add an index on the foreign key\tand check the plan.");
        transcript[1]!["answer"]!.GetValue<string>().ShouldBe("Here is my query.");
        transcript[1]!["code"]?.GetValue<string>().ShouldBe("SELECT 1;");
    }

    [Theory]
    [InlineData(PostgresErrorCodes.CharacterNotInRepertoire)]
    [InlineData(PostgresErrorCodes.UntranslatableCharacter)]
    public async Task Text_postgresql_cannot_store_that_slips_past_every_check_is_a_400_not_a_500(string sqlState)
    {
        // The last line behind the entry-point checks: no request path reaches it today, so it is driven directly.
        await using var scope = app.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Response.Body = new MemoryStream();
        var handler = ActivatorUtilities.CreateInstance<ApiProblemExceptionHandler>(scope.ServiceProvider);
        var failure = new DbUpdateException("save failed", new PostgresException("invalid byte sequence for encoding \"UTF8\": 0x00", "ERROR", "ERROR", sqlState));

        (await handler.TryHandleAsync(context, failure, CancellationToken.None)).ShouldBeTrue();

        context.Response.StatusCode.ShouldBe(StatusCodes.Status400BadRequest);
        context.Response.Body.Position = 0;
        JsonNode.Parse(context.Response.Body)!["code"]!.GetValue<string>().ShouldBe("invalid_text");
    }

    private static HttpContent Json(HttpContent content)
    {
        content.Headers.ContentType = new("application/json");
        return content;
    }

    /// <summary>A body whose length the client does not know up front, so it goes out chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
