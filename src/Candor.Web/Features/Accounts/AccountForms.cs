using Candor.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;

namespace Candor.Web.Features.Accounts;

/// <summary>Small checks the account forms share.</summary>
public static class AccountForms
{
    public const string DefaultLandingPage = "/app";

    /// <summary>Only a path on this site: anything else (//evil, https://…, /\evil) would make /login an open redirect.</summary>
    public static string LocalOrDefault(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl[0] == '/' && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal) && Uri.IsWellFormedUriString(returnUrl, UriKind.Relative)
            ? returnUrl
            : DefaultLandingPage;

    /// <summary>A deliverable address (see <see cref="EmailAddresses"/>), the same check candidates' addresses get.</summary>
    public static bool IsEmail(string? value) => EmailAddresses.IsDeliverable(value);

    /// <summary>A person's or organisation's name as <see cref="Clean"/> left it: present, at most 200 characters, no control characters.</summary>
    public static bool IsName(string? cleaned) => cleaned is { Length: <= 200 } && StorableText.IsStorable(cleaned);

    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Identity's password rules, checked before anything is written.</summary>
    public static async Task<string?> PasswordProblemAsync(UserManager<CandorUser> users, CandorUser user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return "Enter a password.";
        }
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            if (!result.Succeeded)
            {
                return string.Join(" ", result.Errors.Select(e => e.Description));
            }
        }
        return null;
    }
}
