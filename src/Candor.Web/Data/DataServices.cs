using Candor.Web.Features.Demo;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Candor.Web.Data;

public static class DataServices
{
    /// <summary>
    /// PostgreSQL from CANDOR_DATABASE_URL (a postgres:// URL or an Npgsql connection string) or
    /// ConnectionStrings:Candor; defaults to the private cluster ./candor run starts.
    /// </summary>
    public static IServiceCollection AddCandorData(this IServiceCollection services)
    {
        // Read when first needed, not now: test hosts and later configuration sources may still change it.
        services.AddSingleton(provider => new NpgsqlDataSourceBuilder(ConnectionString(provider.GetRequiredService<IConfiguration>())).Build());
        services.AddScoped<TenantContext>();
        services.AddDbContext<CandorDbContext>((provider, options) =>
            options.UseNpgsql(provider.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton<SchemaMigrator>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<DemoInterviews>();
        // Registered before every other hosted service, so the schema exists before workers start or requests arrive.
        services.AddHostedService<DatabaseInitializer>();
        return services;
    }

    public static string ConnectionString(IConfiguration configuration)
    {
        var value = configuration["CANDOR_DATABASE_URL"] ?? configuration.GetConnectionString("Candor")
            ?? "Host=127.0.0.1;Port=5433;Database=candor;Username=postgres";
        return value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            ? FromUrl(new Uri(value))
            : value;
    }

    private static string FromUrl(Uri url)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = url.Host,
            Port = url.IsDefaultPort || url.Port < 0 ? 5432 : url.Port,
            Database = Uri.UnescapeDataString(url.AbsolutePath.TrimStart('/')),
        };
        var userInfo = url.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(userInfo[0]);
        }
        if (userInfo.Length > 1)
        {
            builder.Password = Uri.UnescapeDataString(userInfo[1]);
        }
        return builder.ConnectionString;
    }
}

/// <summary>Applies the schema (under an advisory lock) and seeds the demo organisation when enabled, at start-up.</summary>
public sealed class DatabaseInitializer(IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await services.GetRequiredService<SchemaMigrator>().MigrateAsync(cancellationToken);
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
