using FhirApp.Core.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace FhirApp.Core.Tests.Data;

/// <summary>
/// A fresh database on a real engine, its schema made by the app's migrations (as start-up does): a temp SQLite file, or a
/// new database on the PostgreSQL server named by FHIRAPP_PG (.ci/test starts one). A missing FHIRAPP_PG fails the test: a
/// PostgreSQL test must not pass silently.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _sqlitePath;
    private readonly string? _pgAdmin;
    private readonly string? _pgName;

    private TestDatabase(string provider, string connectionString, string? sqlitePath, string? pgAdmin, string? pgName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _sqlitePath = sqlitePath;
        _pgAdmin = pgAdmin;
        _pgName = pgName;
    }

    public string Provider { get; }

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(string provider, bool migrate = true)
    {
        TestDatabase db;
        if (provider == "Sqlite")
        {
            var path = Path.Combine(Path.GetTempPath(), $"fhirapp-test-{Guid.NewGuid():N}.db");
            db = new TestDatabase(provider, $"Data Source={path}", path, null, null);
        }
        else
        {
            var admin = Environment.GetEnvironmentVariable("FHIRAPP_PG")
                ?? throw new InvalidOperationException("FHIRAPP_PG is not set: run the tests with `bash .ci/test`, which starts PostgreSQL, or point FHIRAPP_PG at a server.");
            var name = $"fhirapp_{Guid.NewGuid():N}";
            await using (var conn = new NpgsqlConnection(admin))
            {
                await conn.OpenAsync();
                await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
                await cmd.ExecuteNonQueryAsync();
            }
            db = new TestDatabase(provider, new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString, null, admin, name);
        }
        if (migrate)
        {
            await using var ctx = db.NewContext();
            await ctx.Database.MigrateAsync();
        }
        return db;
    }

    /// <summary>This database as the factory services take.</summary>
    public IDbContextFactory<AppDbContext> Contexts => new ContextFactory(this);

    public AppDbContext NewContext()
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        if (Provider == "Sqlite")
        {
            return new SqliteAppDbContext(options.UseSqlite(ConnectionString).Options);
        }
        return new PostgreSqlAppDbContext(options.UseNpgsql(ConnectionString).Options);
    }

    public async ValueTask DisposeAsync()
    {
        if (_sqlitePath is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(_sqlitePath);
        }
        if (_pgAdmin is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(_pgAdmin);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_pgName} WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        }
    }

    private sealed class ContextFactory(TestDatabase db) : IDbContextFactory<AppDbContext>
    {
        public AppDbContext CreateDbContext() => db.NewContext();
    }
}
