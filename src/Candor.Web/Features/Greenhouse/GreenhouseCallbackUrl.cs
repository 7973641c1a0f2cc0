using System.Net;
using System.Net.Sockets;

namespace Candor.Web.Features.Greenhouse;

/// <summary>
/// Keeps the callback PATCH from being aimed at our own network (SSRF): http(s) only, no credentials
/// in the URL, and no private, loopback or link-local address, checked on the URL as received and
/// again on the address actually connected to (so DNS can't swap one in later).
/// TODO: fold into the shared webhook SSRF guard once it lands; this copy is deliberately small.
/// </summary>
public static class GreenhouseCallbackUrl
{
    /// <summary>Null when acceptable, else why not (for a 400 naming the field).</summary>
    public static string? Problem(string url, bool allowPrivateNetworks)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "must be an absolute http(s) URL";
        }
        if (uri.UserInfo.Length > 0)
        {
            return "must not carry credentials";
        }
        if (allowPrivateNetworks)
        {
            return null;
        }
        if (uri.IsLoopback || uri.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith(".internal", StringComparison.OrdinalIgnoreCase))
        {
            return "must not point at a private or loopback address";
        }
        return IPAddress.TryParse(uri.IdnHost, out var address) && !IsPublic(address)
            ? "must not point at a private or loopback address"
            : null;
    }

    /// <summary>Whether <paramref name="address"/> is on the public internet.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return false;
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                || (bytes[0] & 0xFE) == 0xFC); // fc00::/7 unique local
        }
        var b = address.GetAddressBytes();
        return !(b[0] == 10 || b[0] == 127 || b[0] == 0
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)              // link-local, cloud metadata
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) // carrier-grade NAT
            || b[0] >= 224);                              // multicast and reserved
    }

    /// <summary>Connects like the default handler, but refuses a non-public address unless allowed.</summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivateNetworks, CancellationToken cancellationToken)
    {
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
        var allowed = addresses.Where(a => allowPrivateNetworks || IsPublic(a)).ToArray();
        if (allowed.Length == 0)
        {
            throw new HttpRequestException($"Refusing to connect to {context.DnsEndPoint.Host}: it resolves only to private or loopback addresses.");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
