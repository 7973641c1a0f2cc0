using Candor.Web.Features.ApiKeys;
using Microsoft.AspNetCore.Identity;

namespace Candor.Web.Features.Validity;

public static class ValidityApi
{
    /// <summary>
    /// GET /api/v1/validity. The card describes the product, not an organisation, so any organisation's API key (any
    /// scope) or any signed-in member (the workspace page reads the same card) may read it; anonymous callers may not.
    /// The sign-in cookie is accepted here only because the request is a read of public-to-customers facts: no
    /// tenant data, no side effects. The cookie scheme is listed first so an anonymous call gets the API's 401 problem,
    /// not a redirect to the login page.
    /// </summary>
    public static RouteGroupBuilder MapValidityApi(this RouteGroupBuilder api)
    {
        api.MapGet("/validity", () => TypedResults.Ok(ValidityCard.Current))
            .RequireAuthorization(policy => policy
                .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser()
                .RequireClaim(ApiKeyAuthenticationHandler.OrganizationClaim))
            .WithName("GetValidityCard")
            .WithTags("Validity")
            .WithSummary("The validity card: how well the evaluator's scores agree with graded answers, and what that does not cover.");
        return api;
    }
}
