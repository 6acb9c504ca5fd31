using FhirApp.Core.Tests.Data;
using FhirApp.Web.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Quartz;

namespace FhirApp.IntegrationTests.Jobs;

/// <summary>
/// The clustered job store as the app configures it, started by several nodes at the same moment on a database without
/// Quartz's tables: one of them creates the qrtz schema, the others find it, and all of them join the cluster.
/// </summary>
public sealed class ClusterSchemaTests
{
    private const int Nodes = 4;

    [Fact]
    public async Task GivenNoQuartzTables_WhenFourNodesStartAtOnce_ThenTheSchemaIsCreatedOnceAndEveryNodeJoins()
    {
        await using var db = await TestDatabase.CreateAsync("PostgreSQL"); // fails when FHIRAPP_PG is unset
        (await QuartzTablesAsync(db.ConnectionString)).ShouldBeEmpty();
        var providers = Enumerable.Range(0, Nodes).Select(_ =>
        {
            var services = new ServiceCollection().AddLogging();
            services.AddQuartz(q => JobsServiceCollectionExtensions.UseClusteredStore(q, db.ConnectionString, new JobsOptions { ClusterCheckinIntervalSeconds = 1 }));
            return services.BuildServiceProvider();
        }).ToList();
        var schedulers = new List<IScheduler>();
        try
        {
            using var start = new SemaphoreSlim(0);
            var starting = providers.Select(async sp =>
            {
                await start.WaitAsync();
                var scheduler = await sp.GetRequiredService<ISchedulerFactory>().GetScheduler();
                await scheduler.Start();
                return scheduler;
            }).ToList();
            start.Release(Nodes);
            schedulers.AddRange(await Task.WhenAll(starting));

            schedulers.Select(s => s.SchedulerInstanceId).Distinct().Count().ShouldBe(Nodes, "each node has an instance id of its own");
            schedulers.ShouldAllBe(s => s.Status == SchedulerStatus.Running);
            var tables = await QuartzTablesAsync(db.ConnectionString);
            tables.ShouldContain("qrtz_job_details");
            tables.ShouldContain("qrtz_locks");
            tables.ShouldContain("qrtz_scheduler_state");
            // Every node has checked in to the one cluster (the first check-in happens as the scheduler starts).
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            long checkedIn;
            while ((checkedIn = await CountAsync(db.ConnectionString, "SELECT count(*) FROM qrtz_scheduler_state")) < Nodes && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
            checkedIn.ShouldBe(Nodes);
        }
        finally
        {
            foreach (var scheduler in schedulers)
            {
                await scheduler.Shutdown(waitForJobsToComplete: false);
            }
            foreach (var sp in providers)
            {
                await sp.DisposeAsync();
            }
            NpgsqlConnection.ClearAllPools();
        }
    }

    private static async Task<List<string>> QuartzTablesAsync(string connectionString)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name LIKE 'qrtz%'", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        var tables = new List<string>();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }
        return tables;
    }

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
