using System.Net.Mail;

namespace Candor.Web.Infrastructure;

/// <summary>
/// The one check for an e-mail address a person types (candidates, team invites, sign-up). <see cref="MailAddress"/>
/// alone accepts far too much ("test@example", "a b@c", display names, quoted local parts), so an address must be
/// a plain <c>local@domain.tld</c>: a dot-atom local part, a domain of at least two labels whose last one is a real
/// top-level domain shape, no spaces or control characters, and the RFC 5321 lengths.
/// </summary>
public static class EmailAddresses
{
    /// <summary>RFC 5321's limit on a path (254 characters for the address itself).</summary>
    public const int MaxLength = 254;

    private const int MaxLocalPartLength = 64;
    private const int MaxLabelLength = 63;

    // RFC 5322 atext: what an unquoted local part may hold besides letters, digits and dots.
    private const string LocalPartSymbols = "!#$%&'*+/=?^_`{|}~-";

    /// <summary>Whether <paramref name="value"/> (already trimmed) is an address mail can be delivered to.</summary>
    public static bool IsDeliverable(string? value)
    {
        if (value is not { Length: > 0 and <= MaxLength } || !StorableText.IsStorable(value))
        {
            return false;
        }
        var at = value.IndexOf('@');
        if (at <= 0 || at != value.LastIndexOf('@'))
        {
            return false;
        }
        var local = value[..at];
        var domain = value[(at + 1)..];
        return IsLocalPart(local) && IsDomain(domain)
            // The senders build a MailAddress from it: it must take the address as is, with no display name or rewriting.
            && MailAddress.TryCreate(value, out var parsed) && parsed.Address == value && parsed.DisplayName.Length == 0;
    }

    private static bool IsLocalPart(string local) =>
        local.Length <= MaxLocalPartLength
        && local[0] != '.' && local[^1] != '.' && !local.Contains("..", StringComparison.Ordinal)
        && local.All(c => char.IsAsciiLetterOrDigit(c) || c == '.' || LocalPartSymbols.Contains(c) || (c > 127 && char.IsLetterOrDigit(c)));

    private static bool IsDomain(string domain)
    {
        var labels = domain.Split('.');
        if (labels.Length < 2 || labels.Any(label => !IsLabel(label)))
        {
            return false;
        }
        var topLevel = labels[^1];
        // "com", "museum", "photography", an internationalised one ("рф") or its punycode form ("xn--p1ai"); never digits only.
        return topLevel.Length >= 2 && (topLevel.All(char.IsLetter) || (topLevel.StartsWith("xn--", StringComparison.OrdinalIgnoreCase) && topLevel.Length > 4));
    }

    private static bool IsLabel(string label) =>
        label.Length is > 0 and <= MaxLabelLength && label[0] != '-' && label[^1] != '-'
        && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-' || (c > 127 && char.IsLetterOrDigit(c)));
}
