using Candor.Web.Features.Greenhouse;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Candor.Web.Tests.Security;

/// <summary>One route parameter and the resource it names: the route's template up to and including it, e.g. <c>/api/v1/jobs/{id}</c>.</summary>
public sealed record RouteParameter(string Name, string Resource);

/// <summary>
/// One method of one /api/v1 route as the running app mapped it. Read from the app's own
/// EndpointDataSource, so a route added tomorrow is swept tomorrow without anyone editing a list.
/// </summary>
public sealed record ApiRoute(string Method, string Template, RoutePattern Pattern, IReadOnlyList<RouteParameter> Parameters,
    bool RequiresAuthentication, bool AllowsAnonymous, bool GreenhouseBasic)
{
    private static readonly string[] EveryMethod = [HttpMethods.Get, HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete];

    public override string ToString() => $"{Method} {Template}";

    /// <summary>Every method of every route under /api/v1, in a stable order.</summary>
    public static IReadOnlyList<ApiRoute> All(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(endpoint => (Endpoint: endpoint, Template: TemplateOf(endpoint.RoutePattern)))
            .Where(e => e.Template.StartsWith("/api/v1/", StringComparison.Ordinal))
            .SelectMany(e => (e.Endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? EveryMethod)
                .Select(method => Describe(method, e.Template, e.Endpoint)))
            .OrderBy(r => r.Template, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal)
            .ToList();

    /// <summary>The concrete path with each parameter replaced by its value.</summary>
    public string Url(IReadOnlyDictionary<string, string> values) =>
        "/" + string.Join("/", Pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternParameterPart parameter => Uri.EscapeDataString(values[parameter.Name]),
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            _ => throw new NotSupportedException($"Unexpected route part {part.GetType().Name} in {Template}."),
        }))));

    private static ApiRoute Describe(string method, string template, RouteEndpoint endpoint)
    {
        var metadata = endpoint.Metadata;
        var schemes = metadata.GetOrderedMetadata<AuthorizationPolicy>().SelectMany(p => p.AuthenticationSchemes)
            .Concat(metadata.GetOrderedMetadata<IAuthorizeData>().SelectMany(a => (a.AuthenticationSchemes ?? "").Split(',', StringSplitOptions.TrimEntries)))
            .ToHashSet(StringComparer.Ordinal);
        var anonymous = metadata.GetMetadata<IAllowAnonymous>() is not null;
        var requiresAuthentication = !anonymous
            && (metadata.GetOrderedMetadata<AuthorizationPolicy>().Count > 0 || metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0);
        return new ApiRoute(method, template, endpoint.RoutePattern, ParametersOf(endpoint.RoutePattern),
            requiresAuthentication, anonymous, schemes.Contains(GreenhouseBasicAuthenticationHandler.SchemeName));
    }

    private static List<RouteParameter> ParametersOf(RoutePattern pattern)
    {
        var parameters = new List<RouteParameter>();
        for (var i = 0; i < pattern.PathSegments.Count; i++)
        {
            foreach (var parameter in pattern.PathSegments[i].Parts.OfType<RoutePatternParameterPart>())
            {
                parameters.Add(new RouteParameter(parameter.Name, "/" + string.Join("/", pattern.PathSegments.Take(i + 1).Select(SegmentText))));
            }
        }
        return parameters;
    }

    /// <summary>The template without constraints or trailing slash: <c>/api/v1/jobs/{id}/questions</c>.</summary>
    private static string TemplateOf(RoutePattern pattern) => "/" + string.Join("/", pattern.PathSegments.Select(SegmentText));

    private static string SegmentText(RoutePatternPathSegment segment) => string.Concat(segment.Parts.Select(part => part switch
    {
        RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
        RoutePatternLiteralPart literal => literal.Content,
        RoutePatternSeparatorPart separator => separator.Content,
        _ => "?",
    }));
}
