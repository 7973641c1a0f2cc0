namespace Candor.Web.Infrastructure;

/// <summary>
/// The path and query string of every request, pages and API alike, checked before anything binds them:
/// a control character there is a 400 problem rather than a value that fails in PostgreSQL.
/// </summary>
public static class RequestText
{
    public static IApplicationBuilder UseRequestTextChecks(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // DEL counts here too: a path has no use for it, and it is what a %00 in the request line arrives as
        // (see NulRequestTargetConnectionMiddleware), since Kestrel refuses a decoded NUL before the app runs.
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
        await next(context);
    });

    /// <summary>A parameter name fit to echo back: its control characters written as \uXXXX.</summary>
    private static string Printable(string name) =>
        StorableText.IsStorable(name) ? name : string.Concat(name.Select(c => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString()));
}
