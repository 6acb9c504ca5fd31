using FhirApp.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FhirApp.IntegrationTests;

[Collection(DefaultEnvironmentGroup.Name)]
public sealed class ScrubbingUiTests(AppEnvironment env)
{
    [Fact]
    public async Task GivenClaimPastTheFilingLimit_WhenItsPageOpens_ThenTheHoldNamesRuleSourceAndTrigger()
    {
        using var browser = AppEnvironment.NewBrowser(out _);
        var (launchId, list) = await env.LaunchAsync(browser, "p-maria-lopez");

        var detail = await browser.GetStringAsync($"{env.AppUrl}/l/{launchId}/claims/claim-maria-20610");

        list.ShouldContain("class=\"work-state-cell\"");
        detail.ShouldContain("id=\"findings\"");
        detail.ShouldContain("data-rule=\"filing.limit-passed\"");
        detail.ShouldContain("Acme Health Plan provider manual (demo) v2026-01, section 7.1 claim submission timeframes");
        detail.ShouldContain("filing limit = 90 days");
    }

    [Fact]
    public async Task GivenNoTrainedModel_WhenAClaimWithTwoHoldsOpens_ThenItsRiskIsAtLeastReviewAndSaysItIsAColdStartFromTheFindings()
    {
        using var browser = AppEnvironment.NewBrowser(out _);
        var (launchId, _) = await env.LaunchAsync(browser, "p-maria-lopez");

        var detail = await browser.GetStringAsync($"{env.AppUrl}/l/{launchId}/claims/claim-maria-followup");

        var score = System.Text.RegularExpressions.Regex.Match(detail, "id=\"risk\" data-score=\"(\\d+)\" data-cold-start=\"(\\w+)\"");
        score.Success.ShouldBeTrue("the claim page shows a denial-risk panel");
        int.Parse(score.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(60, "two holds put a claim at least in review");
        score.Groups[2].Value.ShouldBe("true");
        detail.ShouldContain("Cold start: no model has been trained on this practice");
        // The explanation counts the open checks rather than repeating the findings listed beside it.
        detail.ShouldContain("Raised by the open checks: 2 hold(s)");
        detail.ShouldNotContain("Scrubber (");
    }

    [Fact]
    public async Task GivenAFinding_WhenBillerOverridesItWithAReasonInTheBrowser_ThenItShowsAsOverriddenWithWhoAndWhy()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var chromium = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = BrowserTests.ChromiumArgs });
        var page = await chromium.NewPageAsync();
        await page.GotoAsync($"{env.SandboxUrl}/ehr/launch?client_id={AppEnvironment.ClientId}&patient=p-maria-lopez");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/l/[A-Za-z0-9_-]+$"));
        await page.GotoAsync(page.Url + "/claims/claim-maria-20610");
        await page.Locator("#render-mode[data-mode=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        var finding = page.Locator(".finding[data-rule='filing.limit-passed']");
        await finding.Locator("button.override").ClickAsync();
        await finding.Locator(".override-reason input").FillAsync("Proof of timely filing: clearinghouse acceptance 2026-03-01");
        await finding.Locator("button.override-confirm").ClickAsync();

        var note = finding.Locator(".override-note");
        await note.WaitForAsync();
        (await note.InnerTextAsync()).ShouldContain("Overridden by you");
        (await note.InnerTextAsync()).ShouldContain("clearinghouse acceptance");
        (await finding.GetAttributeAsync("data-overridden")).ShouldBe("true");
        await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Artifacts, "browser-finding-overridden.png"), FullPage = true });
    }

    [Fact]
    public async Task GivenARiskScore_WhenBillerOverridesItWithAReasonInTheBrowser_ThenItShowsWithWhoAndWhyAndIsStoredForTraining()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var chromium = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = BrowserTests.ChromiumArgs });
        var page = await chromium.NewPageAsync();
        await page.GotoAsync($"{env.SandboxUrl}/ehr/launch?client_id={AppEnvironment.ClientId}&patient=p-maria-lopez");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/l/[A-Za-z0-9_-]+$"));
        await page.GotoAsync(page.Url + "/claims/claim-maria-followup");
        await page.Locator("#render-mode[data-mode=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var shown = int.Parse(await page.Locator("#risk").GetAttributeAsync("data-score") ?? "", System.Globalization.CultureInfo.InvariantCulture);

        await page.Locator("#risk button.risk-override").ClickAsync();
        await page.Locator("#risk .risk-override-reason input").FillAsync("Payer confirmed coverage by phone, call ref 88231");
        await page.Locator("#risk button.risk-override-confirm").ClickAsync();

        var note = page.Locator("#risk-override");
        await note.WaitForAsync();
        var text = await note.InnerTextAsync();
        text.ShouldContain("Overridden by you");
        text.ShouldContain("call ref 88231");
        text.ShouldContain($"score was {shown}");
        var overrides = env.AppServices.GetRequiredService<FhirApp.Core.Scoring.RiskOverrides>();
        var stored = await overrides.ForTrainingAsync("sandbox", CancellationToken.None);
        stored.ShouldContainKey("claim-maria-followup");
        stored["claim-maria-followup"].ShouldBe(shown >= 60, "the default judgement disputes the band: a high score is expected paid, a low one denied");
    }
}
