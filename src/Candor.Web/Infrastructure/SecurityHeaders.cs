namespace Candor.Web.Infrastructure;

/// <summary>
/// The browser-side rules on every response: what a page may load and run (CSP), no framing by other sites, no
/// MIME sniffing, how much of the URL leaves in the Referer header, and which device features pages may ask for.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Every script, style, image and request comes from this origin. Scripts are files only (no inline script or
    /// handler anywhere); inline styles are allowed because bars and charts set widths in style attributes and the
    /// code editor (CodeMirror) injects its own styles. data:/blob: images and media cover whiteboard PNGs and audio.
    /// </summary>
    public const string ContentSecurityPolicy = "default-src 'self'; script-src 'self'; " + AllButScripts;

    /// <summary>
    /// The candidate's pages may also compile WebAssembly (never eval JavaScript): in-browser speech detection for
    /// voice interviews runs on it.
    /// </summary>
    public const string CandidateContentSecurityPolicy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; " + AllButScripts;

    private const string AllButScripts =
        "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; media-src 'self' blob:; "
        + "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public const string PermissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), display-capture=()";

    /// <summary>Voice interviews record the candidate's answers on their own page, and voice rooms their spoken messages.</summary>
    public const string CandidatePermissionsPolicy = "camera=(), microphone=(self), geolocation=(), payment=(), usb=(), display-capture=()";

    /// <summary>Pages whose URL carries a secret (a candidate's link, a shared report, a reset or invite link): no Referer at all.</summary>
    private static readonly string[] TokenBearingPaths = ["/i", "/r", "/reset-password", "/invite"];

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // At start, so they survive the exception handler clearing headers, and override the antiforgery
        // system's X-Frame-Options: SAMEORIGIN on pages with forms.
        context.Response.OnStarting(() =>
        {
            var path = context.Request.Path;
            var candidatePage = path.StartsWithSegments("/i", StringComparison.OrdinalIgnoreCase);
            var recordsVoice = candidatePage || path.StartsWithSegments("/rooms", StringComparison.OrdinalIgnoreCase);
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = candidatePage ? CandidateContentSecurityPolicy : ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = TokenBearingPaths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))
                ? "no-referrer"
                : "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = recordsVoice ? CandidatePermissionsPolicy : PermissionsPolicy;
            return Task.CompletedTask;
        });
        return next(context);
    });
}
