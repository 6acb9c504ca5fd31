using System.Net;
using System.Net.Sockets;
using FhirApp.Core.Data;
using FhirApp.Web.Operations;
using FhirApp.Web.Smart;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FhirApp.Web.Tests.Operations;

/// <summary>The readiness checks' database entry on both engines: healthy when the database answers, unhealthy when it does not.</summary>
public sealed class DatabaseHealthTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSQL")]
    public async Task GivenAReachableDatabase_WhenReadinessIsChecked_ThenTheDatabaseIsHealthy(string provider)
    {
        var sqlite = Path.Combine(Path.GetTempPath(), $"fhirapp-health-{Guid.NewGuid():N}.db");
        var cs = provider == "Sqlite" ? $"Data Source={sqlite};Pooling=False" : Postgres();
        try
        {
            // As start-up does (SQLite "connects" only to a database file that exists).
            var report = await CheckAsync(provider, cs, createFirst: provider == "Sqlite");

            report.Entries["database"].Status.ShouldBe(HealthStatus.Healthy);
            report.Entries["scheduler"].Status.ShouldBe(HealthStatus.Healthy); // no Quartz registered: disabled by design
        }
        finally
        {
            File.Delete(sqlite);
        }
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSQL")]
    public async Task GivenAnUnreachableDatabase_WhenReadinessIsChecked_ThenTheDatabaseIsUnhealthyAndSoIsTheReport(string provider)
    {
        var cs = provider == "Sqlite"
            ? $"Data Source={Path.Combine(Path.GetTempPath(), $"no-such-dir-{Guid.NewGuid():N}", "app.db")};Mode=ReadWrite;Pooling=False"
            : new NpgsqlConnectionStringBuilder(Postgres()) { Port = ClosedPort(), Timeout = 3 }.ConnectionString;

        var report = await CheckAsync(provider, cs);

        report.Entries["database"].Status.ShouldBe(HealthStatus.Unhealthy);
        report.Status.ShouldBe(HealthStatus.Unhealthy);
    }

    private static async Task<HealthReport> CheckAsync(string provider, string connectionString, bool createFirst = false)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMemoryCache();
        services.AddSingleton(new SmartRegistry([]));
        services.AddAppData(provider, connectionString);
        services.AddFhirAppHealthChecks();
        await using var sp = services.BuildServiceProvider();
        if (createFirst)
        {
            await using var scope = sp.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.EnsureCreatedAsync();
        }
        return await sp.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Tags.Contains(HealthEndpoints.ReadyTag));
    }

    private static string Postgres() => Environment.GetEnvironmentVariable("FHIRAPP_PG")
        ?? throw new InvalidOperationException("FHIRAPP_PG is not set: run the tests with `bash .ci/test`, which starts PostgreSQL, or point FHIRAPP_PG at a server.");

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
