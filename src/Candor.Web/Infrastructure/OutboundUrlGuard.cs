using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Candor.Web.Infrastructure;

/// <summary>
/// The SSRF guard for every URL an organisation controls (webhook endpoints, ATS callbacks, its own AI and speech
/// providers): http(s) only, no credentials in the URL, and a host that resolves only to public addresses. Checked
/// when the URL is saved, and again by <see cref="ConnectAsync"/> at every connection, which is the check that
/// really protects us: DNS can change between the two (rebinding), and a stored row can predate a tightened setting.
/// Endpoints the platform operator configures (appsettings, CANDOR_AI__*) are trusted and do not go through it.
/// </summary>
public sealed class OutboundUrlGuard(bool allowPrivateNetworks)
{
    /// <summary>
    /// The IHttpClientFactory named client for organisation-controlled URLs: guarded connections, redirects not
    /// followed, no proxy, no cookies. Speech providers and any other per-organisation endpoint use this one.
    /// </summary>
    public const string HttpClientName = "candor-outbound";

    /// <summary>
    /// DI key of the guard for webhook endpoints and ATS (Greenhouse) callbacks, which also honours the older
    /// Candor:Webhooks:AllowPrivateNetworks (registered by AddWebhooks). The unkeyed guard honours
    /// Candor:Outbound:AllowPrivateNetworks only.
    /// </summary>
    public const string WebhooksKey = "webhooks";

    public const int MaxUrlLength = 2000;

    public bool AllowsPrivateNetworks { get; } = allowPrivateNetworks;

    /// <summary>
    /// Null when the URL is acceptable, else why not, worded to follow "The field 'url' …". Resolves the host
    /// (unless private networks are allowed, when there is nothing to check) without ever naming the address it
    /// found: the answer goes to a tenant, and internal DNS is none of its business.
    /// </summary>
    public async Task<string?> ProblemAsync(string url, CancellationToken cancellationToken)
    {
        if (FormProblem(url, out var uri) is { } problem)
        {
            return problem;
        }
        if (AllowsPrivateNetworks)
        {
            return null;
        }
        try
        {
            return Refused(await ResolveAsync(uri.IdnHost, cancellationToken)) is null
                ? null
                : "resolves to a private, loopback or otherwise internal address; outbound calls go to public addresses only";
        }
        catch (SocketException)
        {
            return $"names a host that does not resolve: {uri.Host}";
        }
    }

    /// <summary>The checks that need no DNS: length, absolute http(s) with a host, no user:password part.</summary>
    public static string? FormProblem(string url, out Uri uri)
    {
        uri = null!;
        if (url.Length > MaxUrlLength)
        {
            return $"must be at most {MaxUrlLength} characters";
        }
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps) || parsed.Host.Length == 0)
        {
            return "must be an absolute http or https URL";
        }
        if (parsed.UserInfo.Length > 0)
        {
            return "must not carry credentials";
        }
        uri = parsed;
        return null;
    }

    /// <summary>
    /// SocketsHttpHandler.ConnectCallback: resolves the host itself and connects only when every address is
    /// allowed, so a DNS answer that changed since validation cannot reach an internal service.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await ResolveAsync(context.DnsEndPoint.Host, cancellationToken);
        if (Refused(addresses) is not null)
        {
            throw new OutboundAddressRefusedException(
                $"{context.DnsEndPoint.Host} resolves to a private, loopback or otherwise internal address, which organisation-controlled URLs may not reach.");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A handler that connects through <see cref="ConnectAsync"/>. No proxy (the guard must judge the address we
    /// really connect to), no redirects (a 3xx could point anywhere and would replay an Authorization header),
    /// no cookies, and pooled connections recycled so DNS is asked again.
    /// </summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectCallback = ConnectAsync,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
    };

    /// <summary>True when <paramref name="exception"/> or one it wraps is this guard's refusal.</summary>
    public static bool IsRefusal(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is OutboundAddressRefusedException)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The first refused address (any one refused refuses the host), or null when all are allowed.</summary>
    private IPAddress? Refused(IPAddress[] addresses) =>
        AllowsPrivateNetworks ? null : addresses.FirstOrDefault(a => !IsPublic(a));

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);

    /// <summary>False for loopback, private, link-local, CGNAT, multicast, unspecified, reserved and documentation ranges (IPv4 and IPv6, mapped forms included).</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return IsPublicV4(address.GetAddressBytes());
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        var b = address.GetAddressBytes();
        if (address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6Loopback))
        {
            return false;
        }
        if (b[0] == 0xff                                   // ff00::/8 multicast
            || (b[0] & 0xfe) == 0xfc                       // fc00::/7 unique local
            || (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)     // fe80::/10 link-local
            || (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0)     // fec0::/10 old site-local
            || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8)) // 2001:db8::/32 documentation
        {
            return false;
        }
        // Forms that carry an IPv4 address inside: judge the IPv4 address.
        if (b.Take(12).All(x => x == 0))                   // ::a.b.c.d (IPv4-compatible, deprecated)
        {
            return IsPublicV4(b[12..16]);
        }
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.Skip(4).Take(8).All(x => x == 0)) // 64:ff9b::/96 NAT64
        {
            return IsPublicV4(b[12..16]);
        }
        if (b[0] == 0x20 && b[1] == 0x02)                  // 2002::/16 6to4
        {
            return IsPublicV4(b[2..6]);
        }
        return true;
    }

    private static bool IsPublicV4(byte[] b) => !(
        b[0] == 0                                          // 0.0.0.0/8 "this network", unspecified
        || b[0] == 10                                      // 10/8 private
        || b[0] == 127                                     // 127/8 loopback
        || (b[0] == 100 && (b[1] & 0xc0) == 64)            // 100.64/10 CGNAT
        || (b[0] == 169 && b[1] == 254)                    // 169.254/16 link-local (cloud metadata)
        || (b[0] == 172 && (b[1] & 0xf0) == 16)            // 172.16/12 private
        || (b[0] == 192 && b[1] == 168)                    // 192.168/16 private
        || (b[0] == 192 && b[1] == 0 && b[2] == 0)         // 192.0.0/24 IETF protocol assignments
        || (b[0] == 192 && b[1] == 0 && b[2] == 2)         // 192.0.2/24 documentation
        || (b[0] == 198 && (b[1] & 0xfe) == 18)            // 198.18/15 benchmarking
        || (b[0] == 198 && b[1] == 51 && b[2] == 100)      // 198.51.100/24 documentation
        || (b[0] == 203 && b[1] == 0 && b[2] == 113)       // 203.0.113/24 documentation
        || b[0] >= 224);                                   // 224/4 multicast, 240/4 reserved, broadcast
}

/// <summary>The host of an organisation-controlled URL resolved to an address the SSRF guard refuses.</summary>
public sealed class OutboundAddressRefusedException(string message) : Exception(message);

/// <summary>Settings under "Candor:Outbound" (environment: Candor__Outbound__AllowPrivateNetworks).</summary>
public sealed class OutboundOptions
{
    public const string Section = "Candor:Outbound";

    /// <summary>
    /// Let organisation-controlled URLs (AI and speech providers stored on /app/settings, webhooks, ATS callbacks)
    /// reach loopback, private, link-local and similar addresses: for on-premises models and receivers. Off by default.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }
}

public static class OutboundServices
{
    /// <summary>
    /// The SSRF guard for organisation-stored provider URLs and the <see cref="OutboundUrlGuard.HttpClientName"/>
    /// client. Safe to call from every feature that needs them; registers once. (The webhooks feature adds the
    /// keyed <see cref="OutboundUrlGuard.WebhooksKey"/> guard.)
    /// </summary>
    public static IServiceCollection AddOutboundGuard(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(OutboundUrlGuard) && !d.IsKeyedService))
        {
            return services;
        }
        services.AddOptions<OutboundOptions>().BindConfiguration(OutboundOptions.Section);
        services.AddSingleton(provider => new OutboundUrlGuard(
            provider.GetRequiredService<IOptions<OutboundOptions>>().Value.AllowPrivateNetworks));
        services.AddHttpClient(OutboundUrlGuard.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(provider => provider.GetRequiredService<OutboundUrlGuard>().CreateHandler())
            .RedactLoggedHeaders(_ => true);
        return services;
    }
}
