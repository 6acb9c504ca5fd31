using FhirApp.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace FhirApp.IntegrationTests;

/// <summary>
/// FhirApp inside the EHR's frame, as web EHRs embed SMART apps: the sandbox's chart page (on 127.0.0.1) frames the app
/// (on localhost, another site) at 1024×700. The launch, the Blazor circuit and every screen work inside the frame; the
/// browser reports no Content-Security-Policy violation.
/// </summary>
public sealed class FramedUiTests(FramedUiTests.FramedEnvironment env) : IClassFixture<FramedUiTests.FramedEnvironment>
{
    /// <summary>The app on another site than the EHR; its own database and EHR (the tests write addenda and fixes).</summary>
    public sealed class FramedEnvironment : AppEnvironment
    {
        protected override string AppHost => "localhost";
    }

    [Fact]
    public async Task GivenTheChartFramesTheApp_WhenTheCoderWorksAClaim_ThenTheClaimAFixAndTheAppealWorkInsideTheFrame()
    {
        await using var browser = await FramedBrowser.StartAsync();
        var (page, app) = await browser.OpenChartAsync(env, "&patient=p-maria-lopez");

        app.Url.ShouldStartWith(env.AppUrl); // the app is on localhost, the EHR page on 127.0.0.1: cross-site
        page.Url.ShouldStartWith(env.SandboxUrl);
        await app.Locator("tr.claim-row[data-claim-id='claim-maria-followup']").WaitForAsync();
        (await app.Locator("#patient-banner").CountAsync()).ShouldBe(0, "the EHR shows its own patient header (need_patient_banner=false)");

        await app.Locator("tr.claim-row[data-claim-id='claim-maria-followup'] a.claim-link").ClickAsync();
        await app.Locator("#claim-heading").WaitForAsync();
        await WaitInteractiveAsync(app);
        var finding = app.Locator(".finding[data-rule='modifiers.25-missing']");
        await finding.Locator("button.fix").ClickAsync();
        await finding.Locator("button.fix-accept").ClickAsync();
        await app.Locator("#claim-corrections tr.correction[data-rule='modifiers.25-missing']").WaitForAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Artifacts, "framed-claim-fix.png") });

        await app.GotoAsync($"{LaunchOf(app)}/claims/claim-maria-20610/appeal");
        await app.Locator("#appeal-heading[data-interactive=true]").WaitForAsync();
        (await app.Locator(".criterion").CountAsync()).ShouldBeGreaterThan(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Artifacts, "framed-appeal.png") });

        browser.CspViolations.ShouldBeEmpty();
    }

    [Fact]
    public async Task GivenTheWorklistFramesTheApp_WhenTheBillerOpensEveryPracticeScreen_ThenEachRendersInsideTheFrame()
    {
        await using var browser = await FramedBrowser.StartAsync();
        var (page, app) = await browser.OpenChartAsync(env, "");

        await app.Locator("#queue-heading").WaitForAsync();
        var launch = LaunchOf(app);
        foreach (var (path, heading) in new[] { ("/denials", "#denials-heading"), ("/dashboard", "#dashboard-heading"), ("/model", "#model-heading"), ("/rules", "#rules-heading"), ("/jobs", "#jobs-heading, #jobs-none"), ("/audit", "#audit-heading") })
        {
            await app.GotoAsync(launch + path);
            await app.Locator(heading).First.WaitForAsync();
            await WaitInteractiveAsync(app);
            await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Artifacts, $"framed{path.Replace('/', '-')}.png") });
        }

        browser.CspViolations.ShouldBeEmpty();
    }

    [Fact]
    public async Task GivenARequestToTheClinician_WhenHeAnswersItInsideTheEhrsFrame_ThenTheTaskCompletes()
    {
        await using var browser = await FramedBrowser.StartAsync();
        var (_, biller) = await browser.OpenChartAsync(env, "&patient=p-james-carter");
        await biller.GotoAsync($"{LaunchOf(biller)}/claims/claim-james-90837/appeal");
        await biller.Locator("#appeal-heading[data-interactive=true]").WaitForAsync();
        var times = biller.Locator(".criterion[data-criterion='session-times']");
        await times.Locator("button.request-addendum").ClickAsync();
        await times.Locator(".addendum-request").WaitForAsync();

        var clinician = await browser.Context.NewPageAsync();
        await clinician.GotoAsync($"{env.SandboxUrl}/ehr?user={Uri.EscapeDataString("Practitioner/pr-david-kim")}");
        await clinician.Locator($"a.launch-task-embedded[data-client='{AppEnvironment.ClientId}']").First.ClickAsync();
        var app = await FramedBrowser.AppFrameAsync(clinician, env);
        await app.Locator("#addendum-question").WaitForAsync();
        await WaitInteractiveAsync(app);
        await app.Locator(".addendum-text textarea").FillAsync("Session start time 2:02 PM, end time 3:00 PM (58 minutes).");
        await app.Locator("#addendum-submit").ClickAsync();
        await app.Locator("#addendum-done").WaitForAsync();
        await clinician.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Artifacts, "framed-task-answered.png") });

        browser.CspViolations.ShouldBeEmpty();
    }

    [Fact]
    public async Task GivenABrowserThatBlocksThirdPartyCookies_WhenTheChartFramesTheApp_ThenTheAppStillSignsInOnItsPartitionedCookies()
    {
        await using var browser = await FramedBrowser.StartAsync(blockThirdPartyCookies: true);
        var (_, app) = await browser.OpenChartAsync(env, "&patient=p-maria-lopez");

        await app.Locator("tr.claim-row[data-claim-id='claim-maria-20610']").WaitForAsync();
        await WaitInteractiveAsync(app);
        // The control: in this frame the browser drops a plain third-party cookie and keeps a partitioned one.
        var kept = await app.EvaluateAsync<string>("""
            () => { document.cookie = 'plain-probe=1; SameSite=None; Secure; path=/';
                    document.cookie = 'partitioned-probe=1; SameSite=None; Secure; Partitioned; path=/';
                    return document.cookie; }
            """);
        kept.ShouldContain("partitioned-probe=1");
        kept.ShouldNotContain("plain-probe=1");
    }

    private static Task WaitInteractiveAsync(IFrame app) =>
        app.Locator("#render-mode[data-mode=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    /// <summary>The frame's launch base, /l/{launch id}.</summary>
    private static string LaunchOf(IFrame app)
    {
        var uri = new Uri(app.Url);
        return $"{uri.GetLeftPart(UriPartial.Authority)}/l/{uri.Segments[2].TrimEnd('/')}";
    }

    /// <summary>Chromium at a 1366 px window, collecting what its console says about the Content-Security-Policy.</summary>
    private sealed class FramedBrowser(IPlaywright playwright, IBrowser? browser, IBrowserContext context, string? profile) : IAsyncDisposable
    {
        public IBrowserContext Context => context;

        public List<string> CspViolations { get; } = [];

        /// <param name="blockThirdPartyCookies">Start Chromium with a profile set to block third-party cookies, as Safari and Firefox do.</param>
        public static async Task<FramedBrowser> StartAsync(bool blockThirdPartyCookies = false)
        {
            var playwright = await Playwright.CreateAsync();
            FramedBrowser framed;
            if (blockThirdPartyCookies)
            {
                var profile = Directory.CreateTempSubdirectory("fhirapp-chromium-").FullName;
                Directory.CreateDirectory(Path.Combine(profile, "Default"));
                File.WriteAllText(Path.Combine(profile, "Default", "Preferences"), """{"profile":{"cookie_controls_mode":1,"block_third_party_cookies":true}}""");
                var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new()
                {
                    ExecutablePath = "/usr/bin/chromium", Headless = true, Args = BrowserTests.ChromiumArgs, ViewportSize = new() { Width = 1366, Height = 900 },
                });
                framed = new FramedBrowser(playwright, null, context, profile);
            }
            else
            {
                var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = BrowserTests.ChromiumArgs });
                framed = new FramedBrowser(playwright, browser, await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1366, Height = 900 } }), null);
            }
            framed.Context.Console += (_, message) =>
            {
                if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                {
                    framed.CspViolations.Add(message.Text);
                }
            };
            return framed;
        }

        /// <summary>Opens the EHR's chart (or worklist) page that frames the app; returns the page and the app's frame once it shows a launch.</summary>
        public async Task<(IPage Page, IFrame App)> OpenChartAsync(AppEnvironment env, string query)
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync($"{env.SandboxUrl}/ehr/launch?client_id={AppEnvironment.ClientId}&embed=true{query}");
            return (page, await AppFrameAsync(page, env));
        }

        public static async Task<IFrame> AppFrameAsync(IPage page, AppEnvironment env)
        {
            // The frame's document moves (the launch, the EHR's authorize, the callback) until the app's layout renders.
            await page.FrameLocator("#app-frame").Locator("#render-mode").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            return page.Frames.Single(f => f.Url.StartsWith(env.AppUrl + "/l/", StringComparison.Ordinal));
        }

        public async ValueTask DisposeAsync()
        {
            await context.DisposeAsync();
            if (browser is not null)
            {
                await browser.DisposeAsync();
            }
            playwright.Dispose();
            if (profile is not null)
            {
                Directory.Delete(profile, recursive: true);
            }
        }
    }
}
