using System.Text.RegularExpressions;
using FhirApp.Core.Scoring.Registry;
using FhirApp.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace FhirApp.IntegrationTests.Scoring;

/// <summary>
/// The model page in Chromium from a practice launch: Train now shows a progress bar and registers a version through
/// the Quartz job; the first goes live by itself, the second waits until Promote is clicked; the jobs page lists the runs.
/// </summary>
public sealed partial class ModelPageTests(ModelEnvironment env) : IClassFixture<ModelEnvironment>
{
    private static readonly LocatorWaitForOptions Training = new() { Timeout = 120_000 };

    [Fact]
    public async Task GivenAHistorySource_WhenTrainedTwiceAndTheSecondPromoted_ThenTheLiveVersionFollowsOnlyTheExplicitPromotion()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var chromium = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = BrowserTests.ChromiumArgs });
        var page = await chromium.NewPageAsync();
        await page.GotoAsync($"{env.SandboxUrl}/ehr/launch?client_id={AppEnvironment.ClientId}");
        await page.WaitForURLAsync(LaunchUrl());
        var launch = LaunchUrl().Match(page.Url).Groups[1].Value;
        // A link clicked while the circuit is still starting can change the URL without rendering the page (Blazor's
        // enhanced navigation racing the interactive router): click once the queue is interactive, as a user's second look does.
        await page.Locator("#render-mode[data-mode=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.Locator("#to-model").ClickAsync(); // the pre-submit queue links the model page in a practice launch
        await page.WaitForURLAsync($"**/l/{launch}/model");
        await page.Locator("#render-mode[data-mode=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        // Generous: with the other test assemblies training models beside it, a 2-core machine can take long to render.
        await page.Locator("#no-live").WaitForAsync(Training);
        (await page.Locator("#promotion-policy").InnerTextAsync()).ShouldContain("ready, not live");

        await page.Locator("#train-now").ClickAsync();
        await page.Locator("#training-bar").WaitForAsync(Training); // polled each second while the job trains
        await page.Locator("#training-outcome").WaitForAsync(Training);
        await page.Locator("#live-version").WaitForAsync();
        double.Parse(await page.Locator("#metric-auc").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0.5);
        (await page.Locator("#per-payer tr.payer-row").CountAsync()).ShouldBeGreaterThan(1);
        (await page.Locator("#calibration .calibration-point").CountAsync()).ShouldBe(10, "calibration is a plot of the ten tenths, not a table");
        (await page.Locator("#accuracy-heading").InnerTextAsync()).ShouldBe("Accuracy on recent claims");
        (await page.Locator("#retrain-schedule").InnerTextAsync()).ShouldContain("retrained every Sunday at 03:00 UTC"); // the default Scoring:RetrainCron
        (await page.Locator("#retrain-schedule").InnerTextAsync()).ShouldContain("checked every day at 02:30 UTC");
        (await page.Locator("#metric-auc").GetAttributeAsync("title")).ShouldNotBeNull().ShouldContain("AUC"); // the metric's name in the tooltip only
        var words = await page.Locator("#live-version").InnerTextAsync() + await page.Locator("#promotion-policy").InnerTextAsync();
        foreach (var jargon in new[] { "AUC", "Brier", "holdout", "ECE", "0 0 3 ?" })
        {
            words.ShouldNotContain(jargon, Case.Sensitive);
        }
        PlainWords.ShouldHaveNone(await page.Locator(".mud-main-content").InnerTextAsync());
        (await page.Locator("#model-versions .version-status").InnerTextAsync()).ShouldBe("live");

        await page.Locator("#train-now").ClickAsync();
        await page.Locator("#model-versions tbody tr", new() { HasText = "Train now" }).Nth(1).WaitForAsync(Training);
        var statuses = await page.Locator("#model-versions .version-status").AllInnerTextsAsync();
        statuses.ShouldBe(["ready", "live"], "the retrained version waits for an explicit promotion");
        (await page.Locator("#live-version").InnerTextAsync()).ShouldContain("Live: version 1");

        await page.Locator("button.promote[data-version='2']").ClickAsync();
        await page.Locator("#live-version", new() { HasText = "Live: version 2" }).WaitForAsync();
        (await page.Locator("#model-versions .version-status").AllInnerTextsAsync()).ShouldBe(["live", "ready"]);
        await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Artifacts, "browser-model-page.png"), FullPage = true });

        await page.GotoAsync($"{env.AppUrl}/l/{launch}/jobs");
        // The interactive render loads the runs again after the prerender: wait for it, then for the rows.
        await page.Locator("#render-mode[data-mode=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Assertions.Expect(page.Locator("#model-job-runs .run-job", new() { HasTextRegex = new Regex("^Retraining$") })).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#model-job-runs .run-job", new() { HasTextRegex = new Regex("^Payer rule learning$") }).Nth(1))
            .ToBeAttachedAsync(); // at least two: each retraining learns the payer rules first
        var runs = await page.Locator("#model-job-runs").InnerTextAsync();
        runs.ShouldContain("succeeded");
        runs.ShouldContain("Version 2");
    }

    [GeneratedRegex("/l/([A-Za-z0-9_-]+)(/[a-z]+)?$")]
    private static partial Regex LaunchUrl();
}
