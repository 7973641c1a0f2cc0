using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Candor.Web.Infrastructure;

/// <summary>
/// A failure the caller can act on, thrown from deep in a handler and rendered as RFC 9457 problem
/// details. <paramref name="Code"/> is a stable machine-readable reason (e.g. <c>stale_turn</c>).
/// </summary>
public sealed class ApiProblemException(int status, string title, string detail, string? code = null)
    : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public string? Code { get; } = code;

    /// <summary>Extra members of the problem body (e.g. an exceeded quota's plan, limit and reset time).</summary>
    public Dictionary<string, object?> Extensions { get; } = new(StringComparer.Ordinal);

    /// <summary>Sent as <c>Retry-After</c> when set: when a retry can succeed.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static ApiProblemException NotFound(string what) =>
        new(StatusCodes.Status404NotFound, "Not found", $"{what} was not found.", "not_found");

    public static ApiProblemException Conflict(string detail, string code) =>
        new(StatusCodes.Status409Conflict, "Conflict", detail, code);

    public static ApiProblemException Gone(string detail, string code) =>
        new(StatusCodes.Status410Gone, "Gone", detail, code);
}

/// <summary>Turns every failure into problem details: ours, bad requests (malformed JSON names the field) and the unexpected.</summary>
public sealed class ApiProblemExceptionHandler(IProblemDetailsService problems, ILogger<ApiProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is FieldErrorsException invalid)
        {
            await invalid.Errors.ToResult().ExecuteAsync(httpContext);
            return true;
        }

        var problem = exception switch
        {
            ApiProblemException p => WithExtras(httpContext, p, Problem(p.Status, p.Title, p.Message, p.Code)),
            BadHttpRequestException { InnerException: JsonException json } =>
                Problem(StatusCodes.Status400BadRequest, "Malformed JSON", DescribeJsonError(json), "malformed_json"),
            BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge =>
                Problem(bad.StatusCode, "Payload too large", bad.Message, "payload_too_large"),
            BadHttpRequestException bad => Problem(bad.StatusCode, "Bad request", bad.Message, "bad_request"),
            _ when UnstorableText(exception) => Problem(StatusCodes.Status400BadRequest, "Invalid text",
                "The request holds text PostgreSQL cannot store (a U+0000 character). Remove it and retry.", "invalid_text"),
            _ => null,
        };

        if (problem is null)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            problem = Problem(StatusCodes.Status500InternalServerError, "Server error",
                "Something went wrong on our side. It has been logged; please retry.", "server_error");
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        if (!await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception }))
        {
            // The client's Accept (e.g. text/event-stream only) ruled the default writer out; a problem is still owed.
            await httpContext.Response.WriteAsJsonAsync(problem, (JsonSerializerOptions?)null, "application/problem+json", cancellationToken);
        }
        return true;
    }

    /// <summary>
    /// The last line behind the checks at every entry point (<see cref="StorableText"/>): text that reached
    /// PostgreSQL with a NUL anyway is the client's text, refused as such, not a server error.
    /// </summary>
    private static bool UnstorableText(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            // 22021: invalid byte sequence (a NUL in text); 22P05: untranslatable character (\u0000 in jsonb).
            if (e is PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter })
            {
                return true;
            }
        }
        return false;
    }

    private static ProblemDetails Problem(int status, string title, string detail, string? code)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (code is not null)
        {
            problem.Extensions["code"] = code;
        }
        return problem;
    }

    private static ProblemDetails WithExtras(HttpContext httpContext, ApiProblemException exception, ProblemDetails problem)
    {
        foreach (var (name, value) in exception.Extensions)
        {
            problem.Extensions[name] = value;
        }
        if (exception.RetryAfter is { } retryAfter)
        {
            httpContext.Response.Headers.RetryAfter = ((long)Math.Ceiling(Math.Max(retryAfter.TotalSeconds, 1))).ToString();
        }
        return problem;
    }

    private static string DescribeJsonError(JsonException json)
    {
        // Path is like "$.candidate.email"; report it as the field name the client sent.
        var field = json.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : null;
        return field is null
            ? "The request body is not valid JSON."
            : $"The request body is not valid JSON at field '{field}'.";
    }
}

/// <summary>Collects field errors with the snake_case names clients send, and renders a 400 validation problem.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    /// <summary>The messages per field, for pages that show them beside their inputs or per CSV row.</summary>
    public IReadOnlyDictionary<string, string[]> Messages => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    /// <summary>The fields with errors, as named in <see cref="Add"/> (pages map them back to their inputs).</summary>
    public IEnumerable<string> Fields => _errors.Keys;

    /// <summary>
    /// The first message for <paramref name="field"/>, or null: what a page shows beside the input, in words for
    /// people (<see cref="FieldWords"/>) rather than the API's "The field 'x' …".
    /// </summary>
    public string? FirstFor(string field) => _errors.TryGetValue(field, out var list) ? FieldWords.ForPeople(list[0]) : null;

    public FieldErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }
        list.Add(message);
        return this;
    }

    /// <summary>Required, non-blank, at most <paramref name="maxLength"/> characters.</summary>
    public FieldErrors RequireText(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Add(field, $"The field '{field}' is required.");
        }
        return OptionalText(field, value, maxLength);
    }

    /// <summary>At most <paramref name="maxLength"/> characters and nothing <see cref="StorableText"/> refuses.</summary>
    public FieldErrors OptionalText(string field, string? value, int maxLength)
    {
        if (value is not null && value.Length > maxLength)
        {
            return Add(field, $"The field '{field}' must be at most {maxLength:N0} characters (got {value.Length:N0}).");
        }
        return StorableText.IsStorable(value) ? this : Add(field, StorableText.ErrorFor(field));
    }

    public IResult ToResult() => TypedResults.Problem(new HttpValidationProblemDetails(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()))
    {
        Status = StatusCodes.Status400BadRequest,
        Title = "Invalid request",
        Detail = "Invalid fields: " + string.Join(", ", _errors.Keys) + ".",
        Extensions = { ["code"] = "validation_failed" },
    });

    /// <summary>Throws the 400 problem when any error was recorded, so handlers can validate in one line.</summary>
    public void ThrowIfAny()
    {
        if (Any)
        {
            throw new FieldErrorsException(this);
        }
    }
}

public sealed class FieldErrorsException(FieldErrors errors) : Exception("Invalid request fields.")
{
    public FieldErrors Errors { get; } = errors;
}
