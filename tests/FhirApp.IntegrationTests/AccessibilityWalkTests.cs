using System.Text.RegularExpressions;
using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Denials;
using FhirApp.IntegrationTests.Infrastructure;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Task = System.Threading.Tasks.Task;

namespace FhirApp.IntegrationTests;

/// <summary>
/// Every screen a practice launch and a patient launch reach, in Chromium: axe-core finds no serious or critical
/// violation, and each screen is kept as a screenshot at 1366 and 1024 px (artifacts/test/browser-walk-*). The not-found
/// and error pages are walked by <see cref="FramesUiTests"/>.
/// </summary>
public sealed partial class AccessibilityWalkTests(AccessibilityWalkTests.WalkEnvironment env) : IClassFixture<AccessibilityWalkTests.WalkEnvironment>
{
    /// <summary>Its own app and EHR, on the denials tests' day, so the queue, dashboard and appeal page have work on them.</summary>
    public sealed class WalkEnvironment : AppEnvironment
    {
        protected override void ConfigureApp(IWebHostBuilder builder) => AppealClock.UseForDeadlinesToo(builder, new DateOnly(2026, 6, 10));
    }

    [Fact]
    public async Task GivenPracticeAndPatientLaunches_WhenEveryScreenIsOpened_ThenAxeFindsNoSeriousOrCriticalViolation()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var chromium = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = BrowserTests.ChromiumArgs });
        var violations = new List<string>();
        var adjudications = FhirResourceReader.ReadDirectory(Path.Combine(RepoPaths.Fixtures, "demo")).Resources
            .Where(r => r is ExplanationOfBenefit or ClaimResponse).ToList();
        await env.AppServices.GetRequiredService<IAdjudicationSink>().StoreAsync("sandbox", "test:fhir-fixtures/demo", adjudications, CancellationToken.None);

        var page = await chromium.NewPageAsync();
        page.SetDefaultTimeout(90_000); // a 2-core machine shared with other builds
        await page.GotoAsync($"{env.SandboxUrl}/ehr/launch?client_id={AppEnvironment.ClientId}");
        await page.WaitForURLAsync(LaunchUrl());
        var practice = LaunchUrl().Match(page.Url).Groups[1].Value;
        foreach (var (path, name, ready) in new (string, string, string)[]
        {
            ("/queue", "pre-submit", "#queue-heading"),
            ("/denials", "denials", "#denials-table"),
            ("/dashboard", "dashboard", "#dashboard-heading"),
            ("/model", "model", "#model-heading"),
            ("/rules", "payer-rules", "#rules-heading"),
            ("/jobs", "jobs", "#jobs-heading"),
            ("/audit", "audit", "#launch-nav"),
            ("/claims/claim-james-90837", "claim", "#claim-heading"),
            ("/claims/claim-james-90837/appeal", "appeal", "#launch-nav"),
            ("/tasks/no-such-task", "addendum-task", "#launch-nav"),
        })
        {
            await VisitAsync(page, $"{env.AppUrl}/l/{practice}{path}", $"practice-{name}", ready, violations);
        }

        var patientPage = await chromium.NewPageAsync();
        patientPage.SetDefaultTimeout(90_000);
        await patientPage.GotoAsync($"{env.SandboxUrl}/ehr/launch?client_id={AppEnvironment.ClientId}&patient=p-maria-lopez");
        await patientPage.WaitForURLAsync(LaunchUrl());
        var patient = LaunchUrl().Match(patientPage.Url).Groups[1].Value;
        await VisitAsync(patientPage, $"{env.AppUrl}/l/{patient}", "patient-claims", "tr.claim-row", violations);
        await VisitAsync(patientPage, $"{env.AppUrl}/l/{patient}/claims/claim-maria-20610", "patient-claim", "#claim-heading", violations);

        violations.ShouldBeEmpty(string.Join("\n", violations));
    }

    private static async Task VisitAsync(IPage page, string url, string name, string ready, List<string> violations)
    {
        await page.GotoAsync(url);
        await page.Locator("#render-mode[data-mode=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.Locator(ready).First.WaitForAsync();
        await Assertions.Expect(page.Locator(".mud-progress-linear")).ToHaveCountAsync(0); // loaded, not loading
        foreach (var width in new[] { 1366, 1024 })
        {
            await page.SetViewportSizeAsync(width, 768);
            await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Artifacts, $"browser-walk-{name}-{width}.png"), FullPage = true });
        }
        await page.SetViewportSizeAsync(1366, 768);

        // The appeal letter's preview is a sandboxed srcdoc frame axe cannot enter (it waits on it forever); the letter
        // itself is checked as a PDF by the appeal tests.
        var result = await Deque.AxeCore.Playwright.PageExtensions.RunAxe(page, new Deque.AxeCore.Commons.AxeRunOptions { Iframes = false });
        violations.AddRange(result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{name}: {v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target)))}"));
    }

    [GeneratedRegex("/l/([A-Za-z0-9_-]+)(/[a-z]+)?$")]
    private static partial Regex LaunchUrl();
}
