using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

using Candor.Web.Tests.Infrastructure;

namespace Candor.Web.Tests.Features.Greenhouse;

/// <summary>
/// Greenhouse's side of the completion notice: a real HTTP server on 127.0.0.1 that records every request to
/// /integrations/testing_partners/take_home_tests/{id} and answers as Greenhouse's documentation describes the PATCH:
/// authenticated with the organisation's key as the Basic user name and an empty password (else 401), with no
/// parameters (a body is refused with 400). It can also fail the first few with a chosen status.
/// </summary>
public sealed class FakeGreenhouse : IAsyncDisposable
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private string _expectedAuthorization = "";
    private readonly int _failWith;
    private WebApplication _app = null!;
    private int _failuresLeft;

    private FakeGreenhouse(string apiKey, int failFirst, int failWith)
    {
        Holds(apiKey);
        _failuresLeft = failFirst;
        _failWith = failWith;
    }

    /// <summary>The customer gave Greenhouse a new key (after rotating the old one): from now on only it is accepted.</summary>
    public void Holds(string apiKey) =>
        Volatile.Write(ref _expectedAuthorization, "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{apiKey}:")));

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>A Greenhouse that holds <paramref name="apiKey"/> as the organisation's key for the partner.</summary>
    public static async Task<FakeGreenhouse> StartAsync(string apiKey, int failFirst = 0, int failWith = StatusCodes.Status500InternalServerError)
    {
        var fake = new FakeGreenhouse(apiKey, failFirst, failWith);
        (fake._app, fake.BaseUrl) = await LoopbackServer.StartAsync(app => app.Map("/integrations/testing_partners/take_home_tests/{id}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var authorization = context.Request.Headers.Authorization.ToString();
            fake._requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path.Value!, authorization, context.Request.ContentType, body));
            if (!HttpMethods.IsPatch(context.Request.Method))
            {
                return Results.StatusCode(StatusCodes.Status405MethodNotAllowed);
            }
            if (authorization != Volatile.Read(ref fake._expectedAuthorization))
            {
                return Results.Json(new { message = "Invalid Basic Auth credentials" }, statusCode: StatusCodes.Status401Unauthorized);
            }
            if (body.Length > 0)
            {
                return Results.Json(new { message = "No parameters are expected" }, statusCode: StatusCodes.Status400BadRequest);
            }
            if (Interlocked.Decrement(ref fake._failuresLeft) >= 0)
            {
                return Results.Json(new { message = "Something went wrong" }, statusCode: fake._failWith);
            }
            return Results.NoContent();
        }));
        return fake;
    }

    /// <summary>The url Greenhouse would put in send_test for one take-home test.</summary>
    public string TakeHomeTestUrl(string id) => $"{BaseUrl}/integrations/testing_partners/take_home_tests/{id}";

    /// <summary>Waits (bounded) until at least <paramref name="count"/> requests arrived.</summary>
    public async Task<IReadOnlyList<RecordedRequest>> WaitForRequestsAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (_requests.Count < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Fake Greenhouse got {_requests.Count} requests, expected {count}.");
            }
            await Task.Delay(50);
        }
        return Requests;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

public sealed record RecordedRequest(string Method, string Path, string Authorization, string? ContentType, string Body);
