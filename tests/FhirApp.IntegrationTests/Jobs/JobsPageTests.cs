using System.Diagnostics;
using System.Net;
using FhirApp.Core.Data;
using FhirApp.IntegrationTests.Infrastructure;
using FhirApp.Web.Access;
using FhirApp.Web.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FhirApp.IntegrationTests.Jobs;

/// <summary>The Quartz-hosted poll and the admin page /l/{launch}/jobs: who may open it, what it shows, pause / resume / run now.</summary>
public sealed class JobsPageTests
{
    [Fact]
    public async Task GivenTheScheduler_WhenAPracticeLaunchOpensTheJobsPageAndUsesItsControls_ThenRunsAndScheduleFollow()
    {
        var env = new ScheduledJobsEnvironment();
        await env.InitializeAsync();
        try
        {
            var startup = await WaitForRunsAsync(env, 1); // the trigger fires at start-up
            startup[0].Outcome.ShouldBe(JobRunOutcome.Succeeded, startup[0].Message);
            startup[0].Stored.ShouldBeGreaterThan(140);

            var browser = AppEnvironment.NewBrowser(out _);
            var (launchId, _) = await env.LaunchPracticeAsync(browser);
            var page = await browser.GetAsync($"{env.AppUrl}/l/{launchId}/jobs");
            page.StatusCode.ShouldBe(HttpStatusCode.OK);
            var html = await page.Content.ReadAsStringAsync();
            html.ShouldContain("id=\"job-run-now\"");
            html.ShouldContain("id=\"job-next\"");
            html.ShouldContain("succeeded");

            // The page's buttons call these, as the launch's owner.
            var control = env.AppServices.GetRequiredService<JobControl>();
            var switches = env.AppServices.GetRequiredService<PracticeSwitches>();
            var owner = await env.LaunchContextAsync(launchId);
            await switches.PauseJobAsync(owner, CancellationToken.None);
            var paused = await control.GetAsync("sandbox", CancellationToken.None);
            paused!.Paused.ShouldBeTrue();
            paused.NextFire.ShouldBeNull();
            await switches.ResumeJobAsync(owner, CancellationToken.None);
            (await control.GetAsync("sandbox", CancellationToken.None))!.Paused.ShouldBeFalse();

            await switches.RunJobNowAsync(owner, CancellationToken.None);
            var runs = await WaitForRunsAsync(env, 2);
            runs[1].Outcome.ShouldBe(JobRunOutcome.Succeeded);
            runs[1].Stored.ShouldBe(0); // nothing new on the server: the checkpoint held

            var stranger = AppEnvironment.NewBrowser(out _);
            (await stranger.GetAsync($"{env.AppUrl}/l/{launchId}/jobs")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            var (patientLaunch, _) = await env.LaunchAsync(browser, AppEnvironment.PanelPatient);
            var fromChart = await browser.GetAsync($"{env.AppUrl}/l/{patientLaunch}/jobs");
            fromChart.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await fromChart.Content.ReadAsStringAsync()).ShouldContain("id=\"needs-practice-launch\"");
        }
        finally
        {
            await env.DisposeAsync();
        }
    }

    private static async Task<List<JobRun>> WaitForRunsAsync(AppEnvironment env, int count)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            await using (var scope = env.AppServices.CreateAsyncScope())
            {
                var runs = await scope.ServiceProvider.GetRequiredService<AppDbContext>().JobRuns.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
                if (runs.Count >= count && runs.Take(count).All(r => r.EndedAt is not null))
                {
                    return runs;
                }
            }
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(60), $"fewer than {count} finished job runs");
            await Task.Delay(100);
        }
    }
}
