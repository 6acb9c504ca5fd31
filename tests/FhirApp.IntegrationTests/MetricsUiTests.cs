using System.Text.RegularExpressions;
using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Data;
using FhirApp.Core.Denials;
using FhirApp.Core.Metrics;
using FhirApp.Core.Scrubbing;
using FhirApp.IntegrationTests.Infrastructure;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Task = System.Threading.Tasks.Task;

namespace FhirApp.IntegrationTests;

/// <summary>
/// The dashboard's cost of denials on the demo practice, in Chromium: the figures against a hand count, the rework cost
/// edited as a what-if and saved by the owner (refused to anyone else), and the top causes linked to their claims.
/// </summary>
public sealed partial class MetricsUiTests(MetricsUiTests.MetricsEnvironment env) : IClassFixture<MetricsUiTests.MetricsEnvironment>
{
    /// <summary>Its own database; the dashboard's "today" is 2026-05-01, so the demo's 2026 decisions are in its last 12 months.</summary>
    public sealed class MetricsEnvironment : AppEnvironment
    {
        protected override void ConfigureApp(IWebHostBuilder builder) => builder.ConfigureServices(services =>
            services.AddSingleton(sp => new MetricsService(sp.GetRequiredService<IDbContextFactory<AppDbContext>>(), sp.GetRequiredService<RuleBook>(),
                sp.GetRequiredService<DenialOptions>(), new FixedClock(new DateTimeOffset(2026, 5, 1, 9, 0, 0, TimeSpan.Zero)))));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public async Task GivenTheDemoPractice_WhenTheOwnerOpensTheDashboard_ThenTheCostOfDenialsMatchesTheHandCountAndTheReworkCostIsTheirsToSave()
    {
        var demo = FhirResourceReader.ReadDirectory(Path.Combine(RepoPaths.Fixtures, "demo")).Resources.Where(r => r is ExplanationOfBenefit or ClaimResponse).ToList();
        await env.AppServices.GetRequiredService<IAdjudicationSink>().StoreAsync("sandbox", "test:fhir-fixtures/demo", demo, CancellationToken.None);

        using var playwright = await Playwright.CreateAsync();
        await using var chromium = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = BrowserTests.ChromiumArgs });
        var page = await chromium.NewPageAsync(new() { ViewportSize = new() { Width = 1366, Height = 900 } });
        var launch = await LaunchAsync(page, AppEnvironment.OwnerUser);
        await OpenDashboardAsync(page, launch);

        // Hand count (fixtures/demo, today 2026-05-01): 7 claims decided in Jan (1), Feb (2), Mar (3) and Apr (1) 2026 = 4 months,
        // 1.75 claims a month; 4 of the 7 denied = 57.1 %; default rework $25; no deadline passed yet and nothing written off.
        // 1.75 × 4/7 × $25 = $25.00 a month, $300.00 a year.
        await Assertions.Expect(page.Locator("#cost-monthly")).ToHaveTextAsync("$25.00");
        await Assertions.Expect(page.Locator("#cost-yearly")).ToHaveTextAsync("$300.00 a year");
        await Assertions.Expect(page.Locator("#cost-formula")).ToHaveTextAsync("1.75 claims a month × 57.1% denied × $25.00 to rework each + $0.00 lost a month = $25.00");
        await Assertions.Expect(page.Locator("#cost-basis")).ToContainTextAsync("7 claims decided in 4 months with decisions, 4 denied; $0.00 written off and $0.00 past the appeal deadline without an appeal.");
        await Assertions.Expect(page.Locator("#recovered-appeals")).ToHaveTextAsync("$0.00");
        await Assertions.Expect(page.Locator("#prevented-fixes")).ToHaveTextAsync("$0.00");

        // What to fix first, by denied dollars: BluePeak's CO-236 ($1,100), BluePeak's PR-27 (one claim, $195 + $95), Acme's CO-197 ($250).
        var causes = page.Locator("#root-causes li.root-cause");
        await Assertions.Expect(causes).ToHaveCountAsync(3);
        await Assertions.Expect(causes.Nth(0).Locator(".cause-finding")).ToHaveTextAsync(new Regex("^BluePeak Blue Cross denied 1 claim \\(CO-236: .+\\) since February 2026: \\$1,100\\.00\\.$"));
        await Assertions.Expect(causes.Nth(1).Locator(".cause-finding")).ToHaveTextAsync("BluePeak Blue Cross denied 1 claim (PR-27: service after coverage ended) since April 2026: $290.00.");
        await Assertions.Expect(causes.Nth(1).Locator(".cause-advice")).ToContainTextAsync("Check BluePeak Blue Cross coverage at every visit");
        await Assertions.Expect(causes.Nth(2).Locator(".cause-finding")).ToHaveTextAsync("Acme Health Plan denied 1 claim (CO-197: precertification or authorization missing) since February 2026: $250.00.");
        await Assertions.Expect(causes.Nth(2).Locator(".cause-advice")).ToContainTextAsync("Turn on the authorization check");
        await Assertions.Expect(causes.Nth(2).Locator("a.cause-claim")).ToHaveAttributeAsync("href", $"/l/{launch}/claims/claim-maria-20610");
        await Assertions.Expect(page.Locator("#by-payer")).ToContainTextAsync("BluePeak Blue Cross");
        await Assertions.Expect(page.Locator("#by-provider")).ToContainTextAsync("Riverside Orthopedics & Specialty Care");

        // Plain words: no FHIR ids or enum names anywhere on the page.
        var text = await page.Locator("body").InnerTextAsync();
        foreach (var developerWord in new[] { "org-payer", "org-practice", "Practitioner/", "claim-", "MedicalNecessity", "MissingInformation", "(unknown)" })
        {
            text.ShouldNotContain(developerWord);
        }

        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Artifacts, "browser-dashboard-cost-1366.png"), FullPage = true });

        // A what-if: $50 to rework a claim doubles the figure, before anything is saved; the owner then saves it for the practice.
        await page.Locator(".cost-rework input").FillAsync("50");
        await page.Locator(".cost-rework input").PressAsync("Tab");
        await Assertions.Expect(page.Locator("#cost-monthly")).ToHaveTextAsync("$50.00");
        await page.Locator("#rework-save").ClickAsync();
        await Assertions.Expect(page.Locator("#rework-message")).ToContainTextAsync("Saved: $50.00 per reworked claim");
        await OpenDashboardAsync(page, launch);
        await Assertions.Expect(page.Locator("#cost-monthly")).ToHaveTextAsync("$50.00");
        await Assertions.Expect(page.Locator("#cost-basis")).ToContainTextAsync("Rework cost: the practice's own figure.");

        // The trend by cause names causes in words, and months without decisions are left out of the chart.
        await page.Locator("#trend-by").GetByText("Cause").ClickAsync();
        await Assertions.Expect(page.Locator("#trend-table")).ToContainTextAsync("Eligibility and coverage");
        await Assertions.Expect(page.Locator("#trend-note")).ToHaveTextAsync("Months are those of the payer's decision.", new() { UseInnerText = true });

        await page.SetViewportSizeAsync(1024, 700);
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Artifacts, "browser-dashboard-cost-1024.png"), FullPage = true });

        // A cause's claim opens on the claim page of this practice launch.
        await page.Locator("#root-causes li.root-cause").Nth(2).Locator("a.cause-claim").ClickAsync();
        await Assertions.Expect(page.Locator("#claim-heading")).ToHaveCountAsync(1);

        // Anyone else sees the practice's figure but cannot save one.
        var other = await chromium.NewPageAsync(new() { ViewportSize = new() { Width = 1366, Height = 900 } });
        var otherLaunch = await LaunchAsync(other, AppEnvironment.PanelUser);
        await OpenDashboardAsync(other, otherLaunch);
        await Assertions.Expect(other.Locator("#cost-monthly")).ToHaveTextAsync("$50.00");
        await Assertions.Expect(other.Locator("#rework-owner-only")).ToHaveCountAsync(1);
        await Assertions.Expect(other.Locator("#rework-save")).ToHaveCountAsync(0);
    }

    private async Task<string> LaunchAsync(IPage page, string user)
    {
        await page.GotoAsync($"{env.SandboxUrl}/ehr/launch?client_id={AppEnvironment.ClientId}&user={Uri.EscapeDataString(user)}");
        await page.WaitForURLAsync(LaunchUrl());
        return LaunchUrl().Match(page.Url).Groups[1].Value;
    }

    private async Task OpenDashboardAsync(IPage page, string launch)
    {
        await page.GotoAsync($"{env.AppUrl}/l/{launch}/dashboard");
        await page.Locator("#render-mode[data-mode=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
    }

    [GeneratedRegex("/l/([A-Za-z0-9_-]+)(/[a-z]+)?$")]
    private static partial Regex LaunchUrl();
}
