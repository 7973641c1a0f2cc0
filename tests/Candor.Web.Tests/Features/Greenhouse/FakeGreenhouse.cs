using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using Candor.Web.Tests.Infrastructure;

namespace Candor.Web.Tests.Features.Greenhouse;

/// <summary>
/// Greenhouse's side of the completion notice: a real HTTP server on 127.0.0.1 that records every
/// PATCH to /integrations/testing_partners/take_home_tests/{id}, and can fail the first few.
/// </summary>
public sealed class FakeGreenhouse : IAsyncDisposable
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private WebApplication _app = null!;
    private int _failuresLeft;

    private FakeGreenhouse(int failFirst) => _failuresLeft = failFirst;

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public static async Task<FakeGreenhouse> StartAsync(int failFirst = 0)
    {
        var fake = new FakeGreenhouse(failFirst);
        (fake._app, fake.BaseUrl) = await LoopbackServer.StartAsync(app => app.Map("/integrations/testing_partners/take_home_tests/{id}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            fake._requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path.Value!,
                context.Request.Headers.Authorization.ToString(), context.Request.ContentType, body));
            if (Interlocked.Decrement(ref fake._failuresLeft) >= 0)
            {
                return Results.Json(new { message = "Something went wrong" }, statusCode: StatusCodes.Status500InternalServerError);
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

public sealed record RecordedRequest(string Method, string Path, string Authorization, string? ContentType, string Body)
{
    public JsonNode Json => JsonNode.Parse(Body)!;
}
