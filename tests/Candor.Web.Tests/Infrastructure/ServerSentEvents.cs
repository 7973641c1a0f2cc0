using System.Text.Json.Nodes;

namespace Candor.Web.Tests.Infrastructure;

public sealed record ServerSentEvent(string Name, JsonNode Data);

public static class ServerSentEvents
{
    /// <summary>Reads a text/event-stream body into its events (event name + JSON data).</summary>
    public static async Task<List<ServerSentEvent>> ReadEventsAsync(this HttpResponseMessage response)
    {
        response.Content.Headers.ContentType?.MediaType.ShouldBe("text/event-stream");
        var events = new List<ServerSentEvent>();
        string? name = null;
        var data = new List<string>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0)
            {
                if (name is not null)
                {
                    events.Add(new ServerSentEvent(name, JsonNode.Parse(string.Join("\n", data))!));
                }
                (name, data) = (null, []);
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Add(line["data: ".Length..]);
            }
        }
        return events;
    }

    public static async Task<HttpResponseMessage> PostAnswerStreamingAsync(this HttpClient client, string token, string turnId, string text)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/sessions/{token}/answers")
        {
            Content = JsonContent(new { turn_id = turnId, text }),
        };
        request.Headers.Accept.ParseAdd("text/event-stream");
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    private static StringContent JsonContent(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body, Candor.Web.Data.CandorJson.Options), System.Text.Encoding.UTF8, "application/json");
}
