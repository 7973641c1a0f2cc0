using Candor.Web.Tests.Infrastructure;

namespace Candor.Web.Tests.Security;

/// <summary>
/// The app behind real Kestrel on a free loopback port: what a hostile client meets is Kestrel's request parsing,
/// body limits and chunked framing, which the in-memory test server skips. Rate limits are out of the way, since
/// these tests send hundreds of requests from one key.
/// </summary>
public sealed class KestrelCandorApp : CandorApp
{
    public KestrelCandorApp()
    {
        UseKestrel(0);
        With("Candor:RateLimits:ApiKeyPerMinute", "1000000");
        With("Candor:RateLimits:IpPerMinute", "1000000");
    }
}
