namespace Candor.Web.Features.ApiKeys;

public static class ScopeAuthorization
{
    /// <summary>Requires an API key carrying <paramref name="scope"/>, presented the way <paramref name="scheme"/> reads it.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope, string scheme = ApiKeyAuthenticationHandler.SchemeName)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(policy => policy
            .AddAuthenticationSchemes(scheme)
            .RequireAuthenticatedUser()
            .RequireClaim(ApiKeyAuthenticationHandler.ScopeClaim, scope));
}
