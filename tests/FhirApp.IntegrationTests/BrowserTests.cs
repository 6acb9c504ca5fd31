using FhirApp.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace FhirApp.IntegrationTests;

/// <summary>A real Chromium clicks Launch in the sandbox EHR and lands in FhirApp, as a coder would.</summary>
[Collection(DefaultEnvironmentGroup.Name)]
public sealed class BrowserTests(AppEnvironment env)
{
    // Field order matters: static fields initialise top to bottom, and ChromiumArgs reads these two.
    // Chromium reads only the last --disable-features switch, so ours repeats Playwright 1.64's own list (chromiumSwitches.ts; its Edge-only entries left out).
    private static readonly string[] PlaywrightDisabledFeatures =
    [
        "AvoidUnnecessaryBeforeUnloadCheckSync", "DestroyProfileOnBrowserClose", "DialMediaRouteProvider", "GlobalMediaControls", "HttpsUpgrades",
        "LensOverlay", "MediaRouter", "PaintHolding", "ThirdPartyStoragePartitioning", "BlockOriginHeaderModificationOnRedirect",
        "AvoidCorsURLLoaderRestartOnRedirect", "Translate", "AutoDeElevate", "OptimizationHints", "NetworkTimeServiceQuerying", "AimEnabled",
    ];

    // Headless Chromium 156 loads two WebUI omnibox popups (a renderer process each) into every browser context, and keeps a
    // spare renderer warm for each navigation: half of Chromium's CPU in the load benchmark (10 users: 77 -> 35 core-s).
    private static readonly string[] CostlyFeatures = ["WebUIOmniboxPopup", "WebUIOmniboxAimPopup", "SpareRendererForSitePerProcess"];

    public static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        $"--disable-features={string.Join(',', [.. PlaywrightDisabledFeatures, .. CostlyFeatures])}",
    ];

    [Fact]
    public async Task GivenSandboxEhrPage_WhenCoderClicksLaunchForMaria_ThenHerClaimsShowAndAClaimOpens()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ChromiumArgs });
        var page = await browser.NewPageAsync();

        await ClickInEhrAsync(page, $"a.launch[data-patient='p-maria-lopez'][data-client='{AppEnvironment.ClientId}']", "");
        var row = page.Locator("tr.claim-row[data-claim-id='claim-maria-20610']");
        await row.WaitForAsync();
        (await page.Locator("#patient-name").InnerTextAsync()).ShouldContain("Maria");
        (await row.InnerTextAsync()).ShouldContain("CO-197");

        await row.Locator("a.claim-link").ClickAsync();
        await page.Locator("#claim-heading").WaitForAsync();
        (await page.Locator("#claim-heading").InnerTextAsync()).ShouldContain("Maria");
        (await page.Locator("#claim-lines").InnerTextAsync()).ShouldContain("20610");

        var screenshot = Path.Combine(RepoPaths.Artifacts, "browser-launch-claim-detail.png");
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        File.Exists(screenshot).ShouldBeTrue();
    }

    [Fact]
    public async Task GivenSandboxEhrPage_WhenBillerOpensTheBillingWorklist_ThenTheQueueIsHoldFirstFiltersByPayerAndOpensAClaim()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ChromiumArgs });
        var page = await browser.NewPageAsync();

        await ClickInEhrAsync(page, $"a.launch-practice[data-client='{AppEnvironment.ClientId}']", "/queue");
        var rows = page.Locator("#queue-table tbody tr");
        await rows.First.WaitForAsync();
        var severities = await page.Locator("#queue-table td.checks").EvaluateAllAsync<string[]>("cells => cells.map(c => c.dataset.severity)");
        severities.Length.ShouldBeGreaterThanOrEqualTo(2);
        severities[0].ShouldBe("Hold");
        string[] order = ["Hold", "Review", "Info", "None"];
        severities.Select(s => Array.IndexOf(order, s)).ShouldBeInOrder(SortDirection.Ascending);

        await page.Locator(".payer-filter").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "BluePeak Blue Cross" }).ClickAsync();
        await page.Locator("#queue-count", new() { HasText = $"1 of {severities.Length}" }).WaitForAsync();
        var payers = await page.Locator("#queue-table td.payer").AllInnerTextsAsync();
        payers.ShouldAllBe(p => p == "BluePeak Blue Cross");
        await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Artifacts, "browser-queue-filtered.png"), FullPage = true });

        await page.Locator("#queue-table a.claim-link[data-claim-id='claim-robert-pending']").ClickAsync();
        await page.Locator("#claim-heading").WaitForAsync();
        (await page.Locator("#claim-heading").InnerTextAsync()).ShouldContain("Robert");
        (await page.Locator("#back-to-claims").GetAttributeAsync("href")).ShouldNotBeNull().ShouldEndWith("/queue");
    }

    [Fact]
    public async Task GivenTheTestChromiumArgs_WhenABrowserContextOpensAPage_ThenChromiumRunsNoWebUiOfItsOwnBesideIt()
    {
        // Guards CostlyFeatures: a Chromium that renames those features would bring back its omnibox popups unnoticed.
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ChromiumArgs });
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"{env.SandboxUrl}/");

        var cdp = await browser.NewBrowserCDPSessionAsync();
        var targets = (await cdp.SendAsync("Target.getTargets")).ShouldNotBeNull().GetProperty("targetInfos").EnumerateArray()
            .Select(t => (Type: t.GetProperty("type").GetString(), Url: t.GetProperty("url").GetString())).ToList();
        targets.ShouldContain(t => t.Type == "page" && t.Url!.StartsWith(env.SandboxUrl, StringComparison.Ordinal));
        targets.Where(t => t.Type == "browser_ui").Select(t => t.Url).ShouldBeEmpty();
    }

    /// <summary>Clicks a launch link on the sandbox EHR page and waits until FhirApp's page under /l/{id}{landing} is interactive.</summary>
    private async Task ClickInEhrAsync(IPage page, string linkSelector, string landing)
    {
        await page.GotoAsync($"{env.SandboxUrl}/");
        await page.Locator(linkSelector).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(
            $"^{System.Text.RegularExpressions.Regex.Escape(env.AppUrl)}/l/[A-Za-z0-9_-]+{System.Text.RegularExpressions.Regex.Escape(landing)}$"));
        await page.Locator("#render-mode[data-mode=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
    }
}
