using FhirApp.Core.Tests.Data;
using FhirApp.Web.Jobs;
using FhirApp.Web.Smart;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Quartz;

namespace FhirApp.IntegrationTests.Jobs;

/// <summary>
/// The clustered job store as the app configures it: several nodes starting at the same moment on a database without
/// Quartz's tables, and a node declaring the app's jobs and triggers on a database that holds them already.
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

    [Fact]
    public async Task GivenTheJobsStored_WhenNodesStartAgain_ThenNothingIsDuplicatedOrRefusedAndAPausedPollStaysPaused()
    {
        await using var db = await TestDatabase.CreateAsync("PostgreSQL");
        var registrations = new[] { "north", "south" };
        var first = AppJobs(db.ConnectionString, registrations);
        var scheduler = await first.GetRequiredService<ISchedulerFactory>().GetScheduler(); // declares the jobs and triggers
        var poll = await scheduler.GetTrigger(AdjudicationPollJob.TriggerFor("north"));
        poll.ShouldNotBeNull();
        var jobs = await CountAsync(db.ConnectionString, "SELECT count(*) FROM qrtz_job_details");
        var triggers = await CountAsync(db.ConnectionString, "SELECT count(*) FROM qrtz_triggers");
        jobs.ShouldBe(3 * registrations.Length); // poll, retrain, escalation
        triggers.ShouldBe(5 * registrations.Length); // poll, retrain, AUC check, payer rules at start, escalation (none fired: not started)
        (await CountAsync(db.ConnectionString, "SELECT count(*) FROM qrtz_job_details WHERE requests_recovery")).ShouldBe(jobs);
        await scheduler.PauseJob(AdjudicationPollJob.KeyFor("south")); // what the jobs page's Pause does
        await scheduler.Shutdown();
        await first.DisposeAsync();

        // Two more nodes declare the same definitions, one after the other and then at once.
        for (var round = 0; round < 2; round++)
        {
            var nodes = Enumerable.Range(0, round + 1).Select(_ => AppJobs(db.ConnectionString, registrations)).ToList();
            var schedulers = await Task.WhenAll(nodes.Select(n => n.GetRequiredService<ISchedulerFactory>().GetScheduler().AsTask()));
            (await CountAsync(db.ConnectionString, "SELECT count(*) FROM qrtz_job_details")).ShouldBe(jobs);
            (await CountAsync(db.ConnectionString, "SELECT count(*) FROM qrtz_triggers")).ShouldBe(triggers);
            (await schedulers[0].GetTrigger(AdjudicationPollJob.TriggerFor("north"))).ShouldNotBeNull();
            (await schedulers[0].GetTriggerState(AdjudicationPollJob.TriggerFor("south"))).ShouldBe(TriggerState.Paused);
            foreach (var s in schedulers)
            {
                await s.Shutdown();
            }
            foreach (var n in nodes)
            {
                await n.DisposeAsync();
            }
        }
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>The app's job registration (AddJobs) on PostgreSQL for practices with a Backend Services client.</summary>
    private static ServiceProvider AppJobs(string connectionString, string[] registrations)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSQL",
            ["ConnectionStrings:FhirApp"] = connectionString,
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(new SmartRegistry(registrations.Select(id => new SmartRegistration
        {
            Id = id,
            Name = id,
            FhirBaseUrl = $"https://{id}.example.org/fhir",
            ClientId = $"{id}-app",
            RedirectUri = $"https://app.example.org/callback/{id}",
            BackendServices = new BackendServicesRegistration { ClientId = $"{id}-backend", PollIntervalSeconds = 600 },
        })));
        services.AddSingleton(new FhirApp.Core.Scoring.ScoringOptions()); // the retraining crons (AddScoring binds it in the app)
        services.AddJobs(configuration);
        return services.BuildServiceProvider();
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
