using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Candor.Browser.Tests;

/// <summary>
/// Records every response a candidate's page receives (documents, scripts, styles, JSON, event streams)
/// so a test can assert that nothing the candidate downloads carries an assessment.
/// </summary>
public sealed class CandidateNetwork
{
    public static readonly string[] ForbiddenWords = ["score", "evaluation", "rubric", "expected_points", "recommendation"];

    private readonly ConcurrentQueue<Task<(string Url, string? Body)>> _bodies = new();

    public CandidateNetwork(IPage page) => page.Response += (_, response) => _bodies.Enqueue(ReadAsync(response));

    public int Count => _bodies.Count;

    private static async Task<(string, string?)> ReadAsync(IResponse response)
    {
        try
        {
            if (response.Status is >= 300 and < 400)
            {
                return (response.Url, null); // Redirects carry no body to read.
            }
            return (response.Url, await response.TextAsync().WaitAsync(TimeSpan.FromSeconds(5)));
        }
        catch (TimeoutException)
        {
            return (response.Url, $"(the body of {response.Url} never arrived)"); // Named in the failure below if it matters.
        }
        catch (PlaywrightException)
        {
            return (response.Url, null); // The page navigated away before the body could be read.
        }
    }

    /// <summary>
    /// Every body received so far; fails naming the response and the word found. <paramref name="contractWords"/> are
    /// words a response may carry because a public contract names them (a room's code review has a <c>score</c>, an
    /// AI turn's <c>follow_up_type</c> may be <c>evaluation</c>): the page must still not show them.
    /// </summary>
    public async Task ShouldCarryNoAssessmentAsync(params string[] contractWords)
    {
        var read = await Task.WhenAll(_bodies);
        read.Length.ShouldBeGreaterThan(0);
        foreach (var (url, body) in read)
        {
            if (body is null)
            {
                continue;
            }
            foreach (var word in ForbiddenWords.Except(contractWords, StringComparer.Ordinal))
            {
                body.Contains(word, StringComparison.OrdinalIgnoreCase).ShouldBeFalse($"{url} mentions '{word}': {Excerpt(body, word)}");
            }
        }
    }

    private static string Excerpt(string body, string word)
    {
        var at = body.IndexOf(word, StringComparison.OrdinalIgnoreCase);
        return body.Substring(Math.Max(0, at - 80), Math.Min(body.Length - Math.Max(0, at - 80), 160 + word.Length));
    }
}
