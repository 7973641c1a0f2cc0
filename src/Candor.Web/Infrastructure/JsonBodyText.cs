using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Candor.Web.Infrastructure;

/// <summary>
/// Applies <see cref="StorableText"/> to every string of a bound JSON request body, nested objects and lists
/// included: a field holding a control character is a 400 naming it (<c>candidate.name</c>,
/// <c>questions[2].rubric.expected_points[0]</c>), except <see cref="FreeTextAttribute"/> fields, which are
/// stripped. Done on the bound object rather than in a JSON converter, because a custom string converter
/// would erase every string's type from the OpenAPI document.
/// </summary>
public static class JsonBodyText
{
    private const int MaxDepth = 64;

    /// <summary>Adds the check to every endpoint of the group whose handler takes one of the app's request records as its body.</summary>
    public static RouteGroupBuilder CheckJsonBodyText(this RouteGroupBuilder group)
    {
        group.AddEndpointFilterFactory((context, next) =>
        {
            var services = context.ApplicationServices.GetRequiredService<IServiceProviderIsService>();
            var bodies = context.MethodInfo.GetParameters()
                .Select((parameter, index) => (parameter, index))
                .Where(p => IsRequestBody(p.parameter, services))
                .Select(p => p.index)
                .ToArray();
            if (bodies.Length == 0)
            {
                return next;
            }
            var json = context.ApplicationServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            return invocation =>
            {
                var errors = new FieldErrors();
                foreach (var index in bodies)
                {
                    if (invocation.Arguments[index] is { } body)
                    {
                        Check(body, json.GetTypeInfo(body.GetType()), "", errors, json, depth: 0);
                    }
                }
                errors.ThrowIfAny();
                return next(invocation);
            };
        });
        return group;
    }

    /// <summary>The app's own request records: bound from the body because they are neither services nor route or query values.</summary>
    private static bool IsRequestBody(ParameterInfo parameter, IServiceProviderIsService services) =>
        parameter.ParameterType is { IsClass: true } type
        && type.Assembly == typeof(JsonBodyText).Assembly
        && !services.IsService(type)
        && parameter.GetCustomAttribute<FromServicesAttribute>() is null;

    private static void Check(object value, JsonTypeInfo info, string path, FieldErrors errors, JsonSerializerOptions json, int depth)
    {
        if (depth > MaxDepth)
        {
            return; // Deserialisation already refuses deeper bodies; this only bounds the walk itself.
        }
        switch (info.Kind)
        {
            case JsonTypeInfoKind.None when value is string text && !StorableText.IsStorable(text):
                errors.Add(path, StorableText.ErrorFor(path));
                break;
            case JsonTypeInfoKind.Object:
                foreach (var property in info.Properties)
                {
                    if (property.Get?.Invoke(value) is not { } child)
                    {
                        continue;
                    }
                    var childPath = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                    if (child is string text && property.AttributeProvider?.IsDefined(typeof(FreeTextAttribute), inherit: false) == true)
                    {
                        Strip(value, property, text);
                        continue;
                    }
                    Check(child, json.GetTypeInfo(child.GetType()), childPath, errors, json, depth + 1);
                }
                break;
            case JsonTypeInfoKind.Enumerable when info.ElementType is not null && value is IEnumerable items:
                var i = 0;
                foreach (var item in items)
                {
                    if (item is not null)
                    {
                        Check(item, json.GetTypeInfo(item.GetType()), $"{path}[{i}]", errors, json, depth + 1);
                    }
                    i++;
                }
                break;
        }
    }

    private static void Strip(object owner, JsonPropertyInfo property, string text)
    {
        if (StorableText.IsStorable(text))
        {
            return;
        }
        var set = property.Set ?? throw new InvalidOperationException(
            $"[FreeText] on {property.DeclaringType.Name}.{property.Name} needs a setter (init is enough) so its text can be stripped.");
        set(owner, StorableText.Strip(text));
    }
}
