using Candor.Web.Data;
using Candor.Web.Features.ApiKeys;
using Candor.Web.Features.Idempotency;
using Candor.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.Webhooks;

/// <summary>
/// The organisation's webhook endpoints: register, change, rotate the signing secret, read the delivery
/// log. Endpoints are tenant-owned, so another organisation's ids answer 404.
/// </summary>
public static class WebhooksApi
{
    public const string Scope = "webhooks:manage";
    public const int MaxOverlapMinutes = 7 * 24 * 60;

    public static RouteGroupBuilder MapWebhooksApi(this RouteGroupBuilder api)
    {
        var webhooks = api.MapGroup("/webhooks").WithTags("Webhooks").RequireScope(Scope);
        var endpoints = webhooks.MapGroup("/endpoints");
        endpoints.MapPost("/", Create).WithMetadata(new IdempotentReplayRedacts("secret"));
        endpoints.MapGet("/", List);
        endpoints.MapGet("/{id:guid}", Get);
        endpoints.MapPatch("/{id:guid}", Update);
        endpoints.MapDelete("/{id:guid}", Delete);
        endpoints.MapPost("/{id:guid}/rotate-secret", RotateSecret).WithMetadata(new IdempotentReplayRedacts("secret"));
        endpoints.MapGet("/{id:guid}/deliveries", Deliveries);
        webhooks.MapWebhookMessagesApi();
        return api;
    }

    private static async Task<Created<WebhookEndpointResponse>> Create(
        CreateWebhookEndpointRequest request, CandorDbContext db, [FromKeyedServices(OutboundUrlGuard.WebhooksKey)] OutboundUrlGuard guard, WebhookSecretProtector protector,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        await ValidateUrlAsync(guard, request.Url, errors, cancellationToken);
        var eventTypes = ValidateEventTypes(request.EventTypes, errors);
        errors.OptionalText("description", request.Description, 500).ThrowIfAny();
        protector.EnsureConfigured();

        var now = clock.GetUtcNow();
        var secret = WebhookSignature.NewSecret();
        var endpoint = new WebhookEndpoint
        {
            Id = Guid.CreateVersion7(),
            Url = request.Url!.Trim(),
            Description = request.Description?.Trim(),
            EventTypes = eventTypes ?? [],
            Enabled = request.Enabled ?? true,
            SecretCiphertext = "",
            CreatedAt = now,
            UpdatedAt = now,
        };
        endpoint.SecretCiphertext = protector.Protect(secret, endpoint.Id);
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/webhooks/endpoints/{endpoint.Id}", WebhookEndpointResponse.From(endpoint, secret));
    }

    private static async Task<Ok<PagedList<WebhookEndpointResponse>>> List(
        CandorDbContext db, int? page, [FromQuery(Name = "page_size")] int? pageSize, CancellationToken cancellationToken)
    {
        var paging = Paging.From(page, pageSize);
        var query = db.WebhookEndpoints.AsNoTracking();
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).Skip(paging.Skip).Take(paging.Size).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedList<WebhookEndpointResponse>(items.Select(e => WebhookEndpointResponse.From(e)).ToList(), paging.Number, paging.Size, total));
    }

    private static async Task<Ok<WebhookEndpointResponse>> Get(Guid id, CandorDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(WebhookEndpointResponse.From(await FindAsync(db, id, cancellationToken)));

    private static async Task<Ok<WebhookEndpointResponse>> Update(
        Guid id, UpdateWebhookEndpointRequest request, CandorDbContext db, [FromKeyedServices(OutboundUrlGuard.WebhooksKey)] OutboundUrlGuard guard, TimeProvider clock, CancellationToken cancellationToken)
    {
        var endpoint = await FindAsync(db, id, cancellationToken);
        var errors = new FieldErrors();
        if (request.Url is not null)
        {
            await ValidateUrlAsync(guard, request.Url, errors, cancellationToken);
        }
        var eventTypes = ValidateEventTypes(request.EventTypes, errors);
        errors.OptionalText("description", request.Description, 500).ThrowIfAny();

        endpoint.Url = request.Url?.Trim() ?? endpoint.Url;
        endpoint.EventTypes = eventTypes ?? endpoint.EventTypes;
        endpoint.Description = request.Description is null ? endpoint.Description : request.Description.Trim();
        if (request.Enabled is { } enabled && enabled != endpoint.Enabled)
        {
            endpoint.Enabled = enabled;
            // Re-enabling clears why it was disabled; disabling by hand records no reason (the recruiter knows).
            endpoint.DisabledReason = null;
            endpoint.DisabledAt = enabled ? null : clock.GetUtcNow();
        }
        endpoint.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(WebhookEndpointResponse.From(endpoint));
    }

    /// <summary>Adds a <c>url</c> error when the URL is missing, malformed or reaches a refused address (the SSRF guard).</summary>
    private static async Task ValidateUrlAsync(OutboundUrlGuard guard, string? url, FieldErrors errors, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            errors.Add("url", "The field 'url' is required.");
        }
        else if (await guard.ProblemAsync(url.Trim(), cancellationToken) is { } problem)
        {
            errors.Add("url", $"The field 'url' {problem}.");
        }
    }

    /// <summary>Deletes the endpoint with its messages and delivery log.</summary>
    private static async Task<NoContent> Delete(Guid id, CandorDbContext db, CancellationToken cancellationToken)
    {
        db.WebhookEndpoints.Remove(await FindAsync(db, id, cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Issues a new secret (shown once). For the overlap, every delivery carries two signatures, new then
    /// old, so the receiver can switch secrets whenever it likes within that window.
    /// </summary>
    private static async Task<Ok<WebhookEndpointResponse>> RotateSecret(
        Guid id, [FromBody] RotateSecretRequest? request, CandorDbContext db, WebhookSecretProtector protector, TimeProvider clock, CancellationToken cancellationToken)
    {
        var overlap = request?.OverlapMinutes ?? 1440;
        if (overlap is < 0 or > MaxOverlapMinutes)
        {
            new FieldErrors().Add("overlap_minutes", $"The field 'overlap_minutes' must be between 0 and {MaxOverlapMinutes}.").ThrowIfAny();
        }
        var endpoint = await FindAsync(db, id, cancellationToken);
        protector.EnsureConfigured();

        var now = clock.GetUtcNow();
        var secret = WebhookSignature.NewSecret();
        endpoint.PreviousSecretCiphertext = overlap > 0 ? endpoint.SecretCiphertext : null;
        endpoint.PreviousSecretExpiresAt = overlap > 0 ? now.AddMinutes(overlap) : null;
        endpoint.SecretCiphertext = protector.Protect(secret, endpoint.Id);
        endpoint.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(WebhookEndpointResponse.From(endpoint, secret));
    }

    /// <summary>The delivery log: every attempt, newest first.</summary>
    private static async Task<Ok<PagedList<DeliveryAttemptResponse>>> Deliveries(
        Guid id, CandorDbContext db, int? page, [FromQuery(Name = "page_size")] int? pageSize, CancellationToken cancellationToken)
    {
        var paging = Paging.From(page, pageSize);
        await FindAsync(db, id, cancellationToken);
        var query = db.WebhookDeliveryAttempts.AsNoTracking().Where(a => a.EndpointId == id);
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(a => a.AttemptedAt).ThenByDescending(a => a.Id)
            .Skip(paging.Skip).Take(paging.Size).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedList<DeliveryAttemptResponse>(items.Select(DeliveryAttemptResponse.From).ToList(), paging.Number, paging.Size, total));
    }

    private static async Task<WebhookEndpoint> FindAsync(CandorDbContext db, Guid id, CancellationToken cancellationToken) =>
        await db.WebhookEndpoints.AsTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken)
        ?? throw ApiProblemException.NotFound($"Webhook endpoint {id}");

    private static List<string>? ValidateEventTypes(List<string>? eventTypes, FieldErrors errors)
    {
        if (eventTypes is null)
        {
            return null;
        }
        var unknown = eventTypes.Where(t => !WebhookEventTypes.All.Contains(t, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            errors.Add("event_types", $"Unknown event types: {string.Join(", ", unknown)}. Known: {string.Join(", ", WebhookEventTypes.All)}.");
        }
        return eventTypes.Distinct(StringComparer.Ordinal).ToList();
    }
}
