using System.Net;
using FhirApp.Core.Data;
using FhirApp.Core.Remittance;
using FhirApp.IntegrationTests.Infrastructure;
using FhirApp.Web.Jobs;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace FhirApp.IntegrationTests.Jobs;

/// <summary>A practice with an 835 drop folder (smart-config remittance block) and the scheduler on.</summary>
public sealed class RemittanceDropEnvironment : AppEnvironment
{
    public string DropFolder => Path.Combine(TempDirectory, "drop");

    protected override IReadOnlyDictionary<string, object> RegistrationExtras => new Dictionary<string, object>
    {
        // Hourly: the test fires the job itself; the start-up run finds the folder empty.
        ["remittance"] = new { dropFolder = DropFolder, pollIntervalSeconds = 3600, settleSeconds = 0 },
    };

    protected override void ConfigureApp(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(DropFolder);
        builder.UseSetting("Jobs:Enabled", "true");
    }
}

/// <summary>
/// The demo's 835 dropped into the practice's folder: the job imports it, the denial is in the work queue of a practice
/// launch, and the jobs page shows the run and a refused file with its reasons.
/// </summary>
public sealed class RemittanceDropTests(RemittanceDropEnvironment env) : IClassFixture<RemittanceDropEnvironment>
{
    [Fact]
    public async Task GivenTheDemo835DroppedInTheFolder_WhenTheJobRuns_ThenItsDenialIsInTheWorkQueueAndTheJobsPageShowsTheRun()
    {
        await WaitForRunsAsync(1); // the start-up run: nothing to do yet
        File.Copy(Path.Combine(RepoPaths.Fixtures, "x12", "835", "demo", "demo-drop-bluepeak.835"), Path.Combine(env.DropFolder, "BLUEPEAK-20260429.835"));
        File.Copy(Path.Combine(RepoPaths.Fixtures, "x12", "835", "refused", "unbalanced-bpr.835"), Path.Combine(env.DropFolder, "ACME-20260429.835"));

        var scheduler = await env.AppServices.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.TriggerJob(RemittanceDropJob.KeyFor("sandbox"));
        var run = (await WaitForRunsAsync(2))[1];

        (run.Outcome, run.Message).ShouldBe((JobRunOutcome.Succeeded, "1 imported, 1 refused"));
        File.Exists(Path.Combine(env.DropFolder, "processed", "BLUEPEAK-20260429.835")).ShouldBeTrue();
        File.Exists(Path.Combine(env.DropFolder, "refused", "ACME-20260429.835.why.txt")).ShouldBeTrue();

        var browser = AppEnvironment.NewBrowser(out _);
        var (launchId, _) = await env.LaunchPracticeAsync(browser);
        var denials = await browser.GetAsync($"{env.AppUrl}/l/{launchId}/denials");
        denials.StatusCode.ShouldBe(HttpStatusCode.OK);
        var queue = await denials.Content.ReadAsStringAsync();
        queue.ShouldContain("claim-robert-pending");
        queue.ShouldContain("CO-197");

        var jobs = await browser.GetStringAsync($"{env.AppUrl}/l/{launchId}/jobs");
        jobs.ShouldContain("id=\"drop-runs\"");
        jobs.ShouldContain("1 imported, 1 refused");
        jobs.ShouldContain("ACME-20260429.835");
        jobs.ShouldContain("BPR02");
    }

    private async Task<List<JobRun>> WaitForRunsAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await using (var scope = env.AppServices.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var runs = await db.JobRuns.AsNoTracking().Where(r => r.Job == RemittanceDropFolder.JobName && r.EndedAt != null).OrderBy(r => r.Id).ToListAsync();
                if (runs.Count >= count)
                {
                    return runs;
                }
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, $"{count} drop-folder run(s) did not end within 60 s");
            await Task.Delay(200);
        }
    }
}
