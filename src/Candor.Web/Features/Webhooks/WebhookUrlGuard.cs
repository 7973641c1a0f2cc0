using System.Net;
using System.Net.Sockets;
using Candor.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace Candor.Web.Features.Webhooks;

/// <summary>
/// The SSRF guard. An endpoint URL must be http(s) and its host must resolve only to public
/// addresses, checked when the endpoint is saved and again at every connection (DNS can change
/// between the two, so the send-time check is the one that really protects us).
/// </summary>
public sealed class WebhookUrlGuard(IOptions<WebhookOptions> options)
{
    public const int MaxUrlLength = 2000;

    private readonly bool _allowPrivate = options.Value.AllowPrivateNetworks;

    /// <summary>Adds a <c>url</c> error when the URL is malformed or reaches a refused address.</summary>
    public async Task ValidateAsync(string? url, FieldErrors errors, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            errors.Add("url", "The field 'url' is required.");
            return;
        }
        if (url.Length > MaxUrlLength)
        {
            errors.Add("url", $"The field 'url' must be at most {MaxUrlLength} characters.");
            return;
        }
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
        {
            errors.Add("url", "The field 'url' must be an absolute http or https URL.");
            return;
        }
        if (uri.UserInfo.Length > 0)
        {
            errors.Add("url", "The field 'url' must not carry credentials; authenticate receivers by the webhook signature.");
            return;
        }
        try
        {
            var refused = Refused(await ResolveAsync(uri.IdnHost, cancellationToken));
            if (refused is not null)
            {
                errors.Add("url", $"The field 'url' resolves to {refused}, a private, loopback or otherwise internal address; webhooks go to public addresses only.");
            }
        }
        catch (SocketException)
        {
            errors.Add("url", $"The field 'url' names a host that does not resolve: {uri.Host}.");
        }
    }

    /// <summary>
    /// SocketsHttpHandler.ConnectCallback: resolves the host itself and connects only to allowed
    /// addresses, so a DNS answer that changed since validation cannot reach an internal service.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await ResolveAsync(context.DnsEndPoint.Host, cancellationToken);
        var refused = Refused(addresses);
        if (refused is not null)
        {
            throw new WebhookAddressRefusedException($"{context.DnsEndPoint.Host} resolves to {refused}, which webhooks may not reach.");
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

    /// <summary>The first refused address (any one refused refuses the host), or null when all are allowed.</summary>
    private IPAddress? Refused(IPAddress[] addresses) =>
        _allowPrivate ? null : addresses.FirstOrDefault(a => !IsPublic(a));

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

/// <summary>The endpoint's host resolved to an address the SSRF guard refuses.</summary>
public sealed class WebhookAddressRefusedException(string message) : Exception(message);
