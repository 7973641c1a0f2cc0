using Microsoft.Net.Http.Headers;

namespace Candor.Web.Infrastructure;

/// <summary>
/// The path, query string and form fields of every request, pages and API alike, checked before anything binds
/// them: a control character is a 400 problem (path, query) or a message beside the form field, rather than a
/// value that fails in PostgreSQL. JSON bodies are checked once bound (<see cref="JsonBodyText"/>).
/// </summary>
public static class RequestText
{
    /// <summary>Runs after <see cref="RequestBodyLimit"/>: a form is read here, within its endpoint's limit.</summary>
    public static IApplicationBuilder UseRequestTextChecks(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // DEL counts here too: a path has no use for it, and it is what a %00 in the request line arrives as
        // (NulInRequestPath), since Kestrel refuses a decoded NUL before the app runs.
        if (context.Request.Path.Value is { } path && (path.AsSpan().ContainsAnyInRange('\0', '\u001f') || path.Contains('\u007f')))
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, "Invalid path",
                "The request path contains a control character such as %00.", "invalid_path");
        }
        var errors = new FieldErrors();
        foreach (var (name, values) in context.Request.Query)
        {
            if (!StorableText.IsStorable(name) || values.Any(value => !StorableText.IsStorable(value)))
            {
                var field = Printable(name);
                errors.Add(field, StorableText.ErrorFor(field));
            }
        }
        errors.ThrowIfAny();
        if (HttpMethods.IsPost(context.Request.Method) && IsUrlEncodedForm(context.Request))
        {
            await RewriteEncodedNulAsync(context.Request);
        }
        await next(context);
    });

    /// <summary>
    /// ASP.NET Core's form reader refuses a percent-encoded NUL outright: the whole post fails (antiforgery answers an
    /// empty 400) before the page can say which field was wrong. A form body is small and already size-limited, so it
    /// is read here and each %00 becomes %7F, a control character the page's own validation names beside its field.
    /// A literal '%' in a form is always sent as %25, so every "%00" in the body is an encoded NUL.
    /// </summary>
    private static async Task RewriteEncodedNulAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        var bytes = buffer.ToArray();
        for (var i = 0; i + 2 < bytes.Length; i++)
        {
            if (bytes[i] == '%' && bytes[i + 1] == '0' && bytes[i + 2] == '0')
            {
                bytes[i + 1] = (byte)'7';
                bytes[i + 2] = (byte)'F';
            }
        }
        request.Body = new MemoryStream(bytes, writable: false);
    }

    private static bool IsUrlEncodedForm(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
        && type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);

    /// <summary>A parameter name fit to echo back: its control characters written as \uXXXX.</summary>
    private static string Printable(string name) =>
        StorableText.IsStorable(name) ? name : string.Concat(name.Select(c => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString()));
}
