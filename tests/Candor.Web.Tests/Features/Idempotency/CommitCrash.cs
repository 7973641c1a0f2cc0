using System.Data.Common;
using Candor.Web.Data;
using Candor.Web.Features.Idempotency;
using Candor.Web.Tests.Features.Webhooks;
using Candor.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Candor.Web.Tests.Features.Idempotency;

/// <summary>Where the simulated crash strikes, relative to the commit of the request's database work.</summary>
public enum CrashPoint
{
    /// <summary>The work is written but never commits: the node died first.</summary>
    BeforeCommit,

    /// <summary>The work committed but the client never heard: the node died before answering.</summary>
    AfterCommit,
}

/// <summary>Thrown where the node "dies".</summary>
public sealed class SimulatedCrashException() : Exception("Simulated crash at the commit.");

/// <summary>
/// Kills one request at its commit: armed with an Idempotency-Key, it throws at the next commit of that request's
/// own DbContext (not a background worker's, nor another scope's), once. From the database's side this is a crash:
/// an uncommitted transaction rolls back, a committed one stays.
/// </summary>
public sealed class CommitCrash(IHttpContextAccessor http) : DbTransactionInterceptor
{
    private (string Key, CrashPoint Point)? _armed;

    public bool Fired { get; private set; }

    public void Arm(string idempotencyKey, CrashPoint point)
    {
        _armed = (idempotencyKey, point);
        Fired = false;
    }

    public override ValueTask<InterceptionResult> TransactionCommittingAsync(
        DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        CrashIfArmed(CrashPoint.BeforeCommit, eventData.Context);
        return base.TransactionCommittingAsync(transaction, eventData, result, cancellationToken);
    }

    public override InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        CrashIfArmed(CrashPoint.BeforeCommit, eventData.Context);
        return base.TransactionCommitting(transaction, eventData, result);
    }

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        CrashIfArmed(CrashPoint.AfterCommit, eventData.Context);
        return base.TransactionCommittedAsync(transaction, eventData, cancellationToken);
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        CrashIfArmed(CrashPoint.AfterCommit, eventData.Context);
        base.TransactionCommitted(transaction, eventData);
    }

    private void CrashIfArmed(CrashPoint point, DbContext? context)
    {
        if (_armed is not { } armed || armed.Point != point || http.HttpContext is not { } request
            || request.Request.Headers[IdempotencyMiddleware.HeaderName] != armed.Key
            || !ReferenceEquals(request.RequestServices.GetService<CandorDbContext>(), context))
        {
            return;
        }
        _armed = null;
        Fired = true;
        throw new SimulatedCrashException();
    }
}

/// <summary>The app with a <see cref="CommitCrash"/> on every DbContext, and local webhook receivers allowed.</summary>
public sealed class CrashingApp : CandorApp
{
    public CrashingApp() => this.WithWebhookTestSettings();

    public CommitCrash Crash => Services.GetRequiredService<CommitCrash>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.AddHttpContextAccessor();
            services.AddSingleton<CommitCrash>();
            services.ConfigureDbContext<CandorDbContext>((provider, options) => options.AddInterceptors(provider.GetRequiredService<CommitCrash>()));
        });
    }
}
