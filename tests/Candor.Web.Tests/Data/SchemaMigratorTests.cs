using Candor.Web.Data;
using Candor.Web.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Candor.Web.Tests.Data;

public sealed class SchemaMigratorTests
{
    [Fact]
    public async Task Nodes_starting_together_apply_each_migration_exactly_once()
    {
        var connectionString = await PostgresServer.Shared.CreateDatabaseAsync();
        var sources = Enumerable.Range(0, 4).Select(_ => NpgsqlDataSource.Create(connectionString)).ToList();
        try
        {
            var applied = await Task.WhenAll(sources.Select(s => new SchemaMigrator(s, NullLogger<SchemaMigrator>.Instance).MigrateAsync()));

            var migrations = SchemaMigrator.LoadMigrations();
            migrations.ShouldNotBeEmpty();
            applied.Sum().ShouldBe(migrations.Count, "between them the nodes applied every migration once");
            applied.Count(n => n > 0).ShouldBe(1, "the other nodes waited for the lock and found nothing to do");

            await using var command = sources[0].CreateCommand("SELECT version FROM schema_history ORDER BY version");
            await using var reader = await command.ExecuteReaderAsync();
            var versions = new List<string>();
            while (await reader.ReadAsync())
            {
                versions.Add(reader.GetString(0));
            }
            versions.ShouldBe(migrations.Select(m => m.Version).ToList());

            (await new SchemaMigrator(sources[0], NullLogger<SchemaMigrator>.Instance).MigrateAsync()).ShouldBe(0);
        }
        finally
        {
            foreach (var source in sources)
            {
                await source.DisposeAsync();
            }
        }
    }
}
