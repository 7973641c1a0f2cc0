using Candor.Web.Data;
using Candor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace Candor.Web.Tests.Data;

/// <summary>The SQL migrations are hand-written; this proves every table and column EF maps exists in them.</summary>
public sealed class ModelMatchesSchemaTests(CandorApp app) : IClassFixture<CandorApp>
{
    [Fact]
    public async Task Every_mapped_table_and_column_exists_in_the_migrated_schema()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CandorDbContext>();
        var columns = (await db.Database.SqlQueryRaw<string>(
                "SELECT table_name || '.' || column_name AS \"Value\" FROM information_schema.columns WHERE table_schema = 'public'")
            .ToListAsync()).ToHashSet(StringComparer.Ordinal);

        var missing = new List<string>();
        foreach (var entity in db.Model.GetEntityTypes().Where(e => e.GetTableName() is not null))
        {
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            missing.AddRange(entity.GetProperties()
                .Select(p => $"{table.Name}.{p.GetColumnName(table)}")
                .Where(column => !columns.Contains(column)));
        }
        missing.ShouldBeEmpty();
    }
}
