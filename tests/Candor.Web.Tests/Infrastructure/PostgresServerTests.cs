using Npgsql;

namespace Candor.Web.Tests.Infrastructure;

public class PostgresServerTests
{
    [Fact]
    public async Task Shared_server_accepts_connections()
    {
        var server = PostgresServer.Shared;
        PostgresServer.Shared.ShouldBeSameAs(server);

        await using var connection = new NpgsqlConnection(server.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_setting('server_version_num')::int", connection);
        var version = (int)(await command.ExecuteScalarAsync())!;
        version.ShouldBeGreaterThanOrEqualTo(130000);
    }

    [Fact]
    public async Task Created_databases_are_fresh_and_isolated()
    {
        var first = await PostgresServer.Shared.CreateDatabaseAsync();
        var second = await PostgresServer.Shared.CreateDatabaseAsync();
        first.ShouldNotBe(second);

        await using (var a = new NpgsqlConnection(first))
        {
            await a.OpenAsync();
            await using var create = new NpgsqlCommand(
                "CREATE TABLE probe (id int PRIMARY KEY); INSERT INTO probe VALUES (1), (2);", a);
            await create.ExecuteNonQueryAsync();
            await using var name = new NpgsqlCommand("SELECT current_database()", a);
            ((string)(await name.ExecuteScalarAsync())!).ShouldStartWith("candor_test_");
        }

        await using var b = new NpgsqlConnection(second);
        await b.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT to_regclass('public.probe') IS NOT NULL", b);
        ((bool)(await exists.ExecuteScalarAsync())!).ShouldBeFalse();
        await using var encoding = new NpgsqlCommand("SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database()", b);
        ((string)(await encoding.ExecuteScalarAsync())!).ShouldBe("UTF8");
    }

    [Fact]
    public async Task Named_database_is_created_and_bad_names_are_refused()
    {
        var name = "candor_named_" + Guid.NewGuid().ToString("N")[..8];
        var connectionString = await PostgresServer.Shared.CreateDatabaseAsync(name);
        new NpgsqlConnectionStringBuilder(connectionString).Database.ShouldBe(name);

        await Should.ThrowAsync<ArgumentException>(() => PostgresServer.Shared.CreateDatabaseAsync("bad\"; DROP DATABASE postgres; --"));
    }

    [Fact]
    public void Postgres_uris_are_converted_to_npgsql_connection_strings()
    {
        var builder = new NpgsqlConnectionStringBuilder(
            PostgresServer.NormalizeConnectionString("postgres://app:s%40cret@db.internal:6543/candor"));
        builder.Host.ShouldBe("db.internal");
        builder.Port.ShouldBe(6543);
        builder.Username.ShouldBe("app");
        builder.Password.ShouldBe("s@cret");
        builder.Database.ShouldBe("candor");
    }
}
