using Candor.Web.Features.ApiKeys;

namespace Candor.Web.Features.Validity;

public static class ValidityApi
{
    /// <summary>
    /// GET /api/v1/validity. The card describes the product, not an organisation, so any organisation's API key, whatever
    /// its scopes, may read it; anonymous callers get the API's 401 problem. Signed-in members read the same card at
    /// /app/validity (the API never honours the browser's cookie).
    /// </summary>
    public static RouteGroupBuilder MapValidityApi(this RouteGroupBuilder api)
    {
        api.MapGet("/validity", () => TypedResults.Ok(ValidityCard.Current))
            .RequireAuthorization(policy => policy
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser()
                .RequireClaim(ApiKeyAuthenticationHandler.OrganizationClaim))
            .WithName("GetValidityCard")
            .WithTags("Validity")
            .WithSummary("The validity card: how well the evaluator's scores agree with graded answers, and what that does not cover.");
        return api;
    }
}
