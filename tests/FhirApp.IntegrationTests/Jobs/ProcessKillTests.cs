using System.Diagnostics;
using System.Text;
using FhirApp.Core.Data;
using FhirApp.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;

namespace FhirApp.IntegrationTests.Jobs;

/// <summary>
/// FhirApp as a real process (the Release build of FhirApp.Web, configured by environment variables, SQLite file)
/// polling the sandbox, killed with SIGKILL mid-poll and started again: nothing lost, nothing stored twice.
/// </summary>
public sealed class ProcessKillTests
{
    private const int Eobs = 200;
    private const int ClaimResponses = 30;

    [Fact]
    public async Task GivenTheAppKilledWithSigkillMidPoll_WhenRestarted_ThenTheStoredSetEqualsTheServerSetWithNothingTwice()
    {
        var temp = Directory.CreateTempSubdirectory("fhirapp-kill-").FullName;
        var appUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var sandboxUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var db = Path.Combine(temp, "app.db");
        var (sandbox, configDir) = await PollingSandbox.StartAsync(temp, sandboxUrl, appUrl, Eobs, ClaimResponses, "kill test");
        AppProcess? app = null;
        try
        {
            // Every EOB page after the second answers slowly: the poll is certainly in flight when it is killed.
            await PostAsync($"{sandboxUrl}/_sandbox/faults", """[{"kind":"delay","delayMilliseconds":700,"after":2,"times":0,"pathPrefix":"/fhir/ExplanationOfBenefit"}]""");
            app = StartApp(temp, appUrl, configDir, db);
            var killedRun = await WaitForAsync(db, async d => await d.JobRuns.Where(r => r.Pages >= 4).OrderBy(r => r.Id).FirstOrDefaultAsync(), app);
            await app.DisposeAsync(); // SIGKILL

            using (var http = new HttpClient())
            {
                (await http.DeleteAsync($"{sandboxUrl}/_sandbox/faults")).IsSuccessStatusCode.ShouldBeTrue();
            }
            app = StartApp(temp, appUrl, configDir, db);
            await WaitForAsync(db, async d => await d.JobRuns.FirstOrDefaultAsync(r => r.Outcome == JobRunOutcome.Succeeded), app);

            await using var check = Open(db);
            var killed = await check.JobRuns.SingleAsync(r => r.Id == killedRun.Id);
            killed.EndedAt.ShouldBeNull(); // it really died mid-run
            killed.Outcome.ShouldBe(JobRunOutcome.Running);
            // The app's real sink (the denials intake): every version the server holds, each exactly once.
            var stored = await check.StoredAdjudications.AsNoTracking().ToListAsync();
            stored.Select(r => AdjudicationData.Key(r.ResourceType, r.ResourceId, r.VersionId))
                .ShouldBe(AdjudicationData.Keys(Eobs, ClaimResponses), ignoreOrder: true);
            var items = await check.DenialWorkItems.AsNoTracking().Select(w => new { w.AdjudicationType, w.EobId, w.Line }).ToListAsync();
            items.Distinct().Count().ShouldBe(items.Count);
        }
        finally
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
            await sandbox.DisposeAsync();
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

    private static AppProcess StartApp(string temp, string appUrl, string configDir, string db) =>
        AppProcess.Start(temp, appUrl, configDir, new Dictionary<string, string> { ["ConnectionStrings__FhirApp"] = $"Data Source={db}" });

    private static SqliteAppDbContext Open(string db) => new SqliteAppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={db}").Options);

    /// <summary>Reads the app's database until <paramref name="probe"/> finds something (the schema may not exist yet).</summary>
    private static async Task<T> WaitForAsync<T>(string db, Func<AppDbContext, Task<T?>> probe, AppProcess app)
        where T : class
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            app.HasExited.ShouldBeFalse("the app process exited by itself");
            if (File.Exists(db))
            {
                try
                {
                    await using var d = Open(db);
                    if (await probe(d) is { } found)
                    {
                        return found;
                    }
                }
                catch (Microsoft.Data.Sqlite.SqliteException)
                {
                    // tables not created yet, or the app holds a write lock for a moment
                }
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("The app did not reach the expected state in 90 s.");
    }

    private static async Task PostAsync(string url, string json)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));
        response.IsSuccessStatusCode.ShouldBeTrue();
    }
}
