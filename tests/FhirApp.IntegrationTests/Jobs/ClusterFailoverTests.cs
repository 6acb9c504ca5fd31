using System.Diagnostics;
using System.Text;
using FhirApp.Core.Data;
using FhirApp.Core.Tests.Data;
using FhirApp.IntegrationTests.Infrastructure;
using FhirApp.Web.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit.Abstractions;

namespace FhirApp.IntegrationTests.Jobs;

/// <summary>
/// Two FhirApp processes (the Release build) on one PostgreSQL database form a Quartz cluster. The adjudication poll's
/// trigger fires on one node only; that node is killed with SIGKILL mid-poll, and the other node re-runs the job (Quartz
/// recovery), which resumes from the checkpoint: the stored set equals the server's, nothing twice, one completed run.
/// </summary>
public sealed class ClusterFailoverTests(ITestOutputHelper output)
{
    private const int Eobs = 1200;
    private const int ClaimResponses = 30;
    private const string Registration = PollingSandbox.Registration;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task GivenTwoNodesOnOneDatabase_WhenTheNodeRunningThePollIsKilled_ThenTheOtherCompletesItOnceWithNothingLostOrTwice()
    {
        await using var db = await TestDatabase.CreateAsync("PostgreSQL"); // fails when FHIRAPP_PG is unset
        var temp = Directory.CreateTempSubdirectory("fhirapp-cluster-").FullName;
        var nodeUrls = new[] { $"http://127.0.0.1:{FreePort.Next()}", $"http://127.0.0.1:{FreePort.Next()}" };
        var frontUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var sandboxUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var gate = new HeldTimers();
        var (sandbox, configDir) = await PollingSandbox.StartAsync(temp, sandboxUrl, frontUrl, Eobs, ClaimResponses, "cluster test", gate);
        // The nodes share one signing key; in production a load balancer serves their JWKS from any live node. This is it.
        var front = JwksFront(frontUrl, nodeUrls);
        await front.StartAsync();
        var nodes = new List<AppProcess>();
        var clock = Stopwatch.StartNew(); // for the test's own progress notes only
        void Note(string what) => output.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1} s  {what}");
        try
        {
            // Every EOB page after the second is held at the sandbox until the test opens the gate (HeldTimers): the poll
            // is certainly in flight when its node is killed, however fast or slow this machine is.
            await PostAsync($"{sandboxUrl}/_sandbox/faults", """[{"kind":"delay","delayMilliseconds":1000,"after":2,"times":0,"pathPrefix":"/fhir/ExplanationOfBenefit"}]""");

            // One node after the other: the app's own tables and the signing key are made by the first (neither is this
            // test's subject); the second joins the cluster while the first is polling, declares the same jobs and triggers,
            // and must fire nothing that already fired.
            nodes.Add(StartNode(temp, nodeUrls[0], configDir, db.ConnectionString));
            await HeldAsync(gate, nodes);
            Note("first node polling, held at its third page");
            nodes.Add(StartNode(temp, nodeUrls[1], configDir, db.ConnectionString));
            await WaitForAsync(db, async _ => await CountAsync(db, "SELECT count(*) FROM qrtz_scheduler_state") == 2 ? "joined" : null, nodes);
            Note("second node joined the cluster");
            // Both alive for two check-ins each while the poll is held: still one run, fired on one node.
            await WaitForCheckinsAsync(db, nodes, times: 2);
            await using (var d = db.NewContext())
            {
                (await d.JobRuns.CountAsync()).ShouldBe(1, "with both nodes alive the poll ran once");
            }
            var running = await WaitForAsync(db, async d => await d.JobRuns.SingleOrDefaultAsync(), nodes);
            running.Outcome.ShouldBe(JobRunOutcome.Running, "the poll is held at the sandbox: it cannot have ended");
            (await CountAsync(db, "SELECT count(*) FROM qrtz_fired_triggers")).ShouldBe(1, "one trigger fired, on one node");
            var runner = await ScalarAsync(db, $"SELECT instance_name FROM qrtz_fired_triggers WHERE job_name = '{Registration}' AND job_group = '{AdjudicationPollJob.Group}' AND state = 'EXECUTING'");
            runner.ShouldNotBeNullOrEmpty();
            var victim = nodes.Single(n => n.Output.Contains(runner, StringComparison.Ordinal));
            var survivor = nodes.Single(n => n != victim);

            await victim.KillAsync(); // SIGKILL mid-poll
            Note($"killed the polling node (it had read {running.Pages} pages)");
            using (var http = new HttpClient())
            {
                (await http.DeleteAsync($"{sandboxUrl}/_sandbox/faults")).IsSuccessStatusCode.ShouldBeTrue();
            }
            gate.Release(); // the dead node's held page, if its connection is not closed yet; later pages are not held
            var completed = await WaitForAsync(db, async d => await d.JobRuns.FirstOrDefaultAsync(r => r.Outcome != JobRunOutcome.Running), [survivor]);
            completed.Outcome.ShouldBe(JobRunOutcome.Succeeded, completed.Message);
            Note($"the survivor completed the poll ({completed.Pages} pages, {completed.Stored} stored)");
            // The survivor ran it as Quartz's recovery of the dead node's job, and says so in its log.
            (await CountAsync(db, "SELECT count(*) FROM qrtz_scheduler_state")).ShouldBe(1);
            var survivorId = await ScalarAsync(db, "SELECT instance_name FROM qrtz_scheduler_state");
            survivorId.ShouldNotBeNullOrEmpty("the dead node's check-in row is gone, the survivor's is left");
            survivorId.ShouldNotBe(runner);
            // The console log is JSON in Production, where Serilog quotes string values: compare without the quotes.
            Unquoted(survivor.Output).ShouldContain($"starts on scheduler instance {survivorId} (recovering: True)");
            Unquoted(victim.Output).ShouldContain($"starts on scheduler instance {runner} (recovering: False)");
            nodes.Sum(n => CountOf(n.Output, "Adjudication poll for")).ShouldBe(2, "one start on the killed node, one recovery on the survivor");
            // Nothing runs any more (no second recovery, no re-fire of the trigger the dead node had fired): Quartz recovers
            // a dead node's jobs in a check-in, so two more check-ins of the survivor are the occasions it would have.
            await WaitForCheckinsAsync(db, [survivor], times: 2);
            (await CountAsync(db, "SELECT count(*) FROM qrtz_fired_triggers")).ShouldBe(0);

            await using var check = db.NewContext();
            // Exactly once: the run the dead node left is still open (it died), and exactly one other run exists, which
            // succeeded, started after the kill and stored what the dead run had not.
            var runs = await check.JobRuns.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
            runs.Count.ShouldBe(2);
            runs[0].Id.ShouldBe(running.Id);
            runs[0].Outcome.ShouldBe(JobRunOutcome.Running);
            runs[0].EndedAt.ShouldBeNull();
            runs[1].Outcome.ShouldBe(JobRunOutcome.Succeeded);
            runs[1].StartedAt.ShouldBeGreaterThanOrEqualTo(runs[0].StartedAt);
            runs.Count(r => r.Outcome == JobRunOutcome.Succeeded).ShouldBe(1);
            // The app's real sink (the denials intake): every version the server holds, each exactly once.
            var stored = await check.StoredAdjudications.AsNoTracking().ToListAsync();
            stored.Select(r => AdjudicationData.Key(r.ResourceType, r.ResourceId, r.VersionId))
                .ShouldBe(AdjudicationData.Keys(Eobs, ClaimResponses), ignoreOrder: true);
            stored.Select(r => (r.ResourceType, r.ResourceId, r.VersionId)).Distinct().Count().ShouldBe(stored.Count, "a version was stored twice");
            var items = await check.DenialWorkItems.AsNoTracking().Select(w => new { w.AdjudicationType, w.EobId, w.Line }).ToListAsync();
            items.Distinct().Count().ShouldBe(items.Count);
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
            await front.DisposeAsync();
            gate.Release();
            await sandbox.DisposeAsync();
            NpgsqlConnection.ClearAllPools();
            try
            {
                Directory.Delete(temp, recursive: true);
            }
            catch (IOException)
            {
                // a file may still be held for a moment; the folder is temporary anyway
            }
        }
    }

    private static AppProcess StartNode(string temp, string url, string configDir, string connectionString) =>
        AppProcess.Start(temp, url, configDir, new Dictionary<string, string>
        {
            ["Database__Provider"] = "PostgreSQL",
            ["ConnectionStrings__FhirApp"] = connectionString,
            ["Jobs__ClusterCheckinIntervalSeconds"] = "2",
            // Generous: a node merely slowed down by this loaded machine must not be taken for dead.
            ["Jobs__ClusterCheckinMisfireThresholdSeconds"] = "8",
            // A page held at the sandbox until the node is killed must not time out and end the run first.
            ["Jobs__AttemptTimeoutSeconds"] = "600",
            // The job logs which scheduler instance runs it.
            ["Logging__LogLevel__FhirApp.Web.Jobs"] = "Information",
        });

    /// <summary>Serves the nodes' JWKS from whichever node answers, as a load balancer in front of a cluster would.</summary>
    private static WebApplication JwksFront(string url, string[] nodeUrls)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        app.MapGet("/.well-known/jwks.json", async () =>
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            foreach (var node in nodeUrls)
            {
                try
                {
                    return Results.Content(await http.GetStringAsync($"{node}/.well-known/jwks.json"), "application/json");
                }
                catch (HttpRequestException)
                {
                    // not started yet, or killed: ask the next node
                }
            }
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        });
        return app;
    }

    /// <summary>
    /// Reads the database until <paramref name="probe"/> finds something, while every node stays alive. The nodes are
    /// separate processes whose Quartz schedulers check in to the shared database on the real clock (a node's
    /// TimeProvider does not drive Quartz's cluster manager, and no clock can be shared across processes), so their state
    /// is only seen there: this loop reads it every 200 ms and waits for a state, never for a duration.
    /// </summary>
    private static async Task<T> WaitForAsync<T>(TestDatabase db, Func<AppDbContext, Task<T?>> probe, IReadOnlyList<AppProcess> alive)
        where T : class
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < Patience)
        {
            foreach (var node in alive)
            {
                node.HasExited.ShouldBeFalse($"a node exited by itself:\n{node.Output}");
            }
            try
            {
                await using var d = db.NewContext();
                if (await probe(d) is { } found)
                {
                    return found;
                }
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                // the qrtz tables are not created yet
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The cluster did not reach the expected state in {Patience.TotalSeconds} s.");
    }

    /// <summary>Completes when the sandbox holds the first page, failing at once if a node exits first.</summary>
    private static async Task HeldAsync(HeldTimers gate, IReadOnlyList<AppProcess> alive)
    {
        var exited = Task.WhenAny(alive.Select(n => n.ExitedAsync()));
        var first = await Task.WhenAny(gate.FirstHeld, exited).WaitAsync(Patience);
        first.ShouldBe(gate.FirstHeld, $"a node exited before the poll reached the sandbox:\n{string.Join("\n", alive.Select(n => n.Output))}");
    }

    /// <summary>Waits until each node of <paramref name="alive"/> has checked in to the cluster <paramref name="times"/> more times.</summary>
    private static async Task WaitForCheckinsAsync(TestDatabase db, List<AppProcess> alive, int times)
    {
        var last = await CheckinsAsync(db);
        var moves = last.Keys.ToDictionary(k => k, _ => 0, StringComparer.Ordinal);
        await WaitForAsync(db, async _ =>
        {
            foreach (var (instance, at) in await CheckinsAsync(db))
            {
                if (last.TryGetValue(instance, out var before) && at > before)
                {
                    moves[instance]++;
                    last[instance] = at;
                }
            }
            return moves.Count >= alive.Count && moves.Values.All(m => m >= times) ? "checked in" : null;
        }, alive);
    }

    private static async Task<Dictionary<string, long>> CheckinsAsync(TestDatabase db)
    {
        await using var conn = new NpgsqlConnection(db.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT instance_name, last_checkin_time FROM qrtz_scheduler_state", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        var checkins = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            checkins[reader.GetString(0)] = reader.GetInt64(1);
        }
        return checkins;
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    private static async Task<long> CountAsync(TestDatabase db, string sql) => long.Parse(await ScalarAsync(db, sql) ?? "0", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<string?> ScalarAsync(TestDatabase db, string sql)
    {
        await using var conn = new NpgsqlConnection(db.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (await cmd.ExecuteScalarAsync())?.ToString();
    }

    private static async Task PostAsync(string url, string json)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));
        response.IsSuccessStatusCode.ShouldBeTrue();
    }

    private static string Unquoted(string log) => log.Replace("\\\"", "", StringComparison.Ordinal).Replace("\"", "", StringComparison.Ordinal);
}
