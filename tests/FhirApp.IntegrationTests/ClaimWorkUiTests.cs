using System.Text.RegularExpressions;
using FhirApp.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace FhirApp.IntegrationTests;

/// <summary>
/// Statuses that move on the claims side: a claim's work state on the claims list, the pre-submit queue and the claim
/// page follows accepted fixes, the risk panel is scored again and never reads low under an open hold, decided claims
/// show their outcome and no hold, and the claim page leads with its header and holds in a 1024×700 frame. Screenshots
/// of the three screens at 1366 and 1024 px are kept as test artifacts.
/// </summary>
public sealed partial class ClaimWorkUiTests(ClaimWorkUiTests.ClaimWorkEnvironment env) : IClassFixture<ClaimWorkUiTests.ClaimWorkEnvironment>
{
    /// <summary>Its own database and EHR: the tests accept fixes on Maria's follow-up claim.</summary>
    public sealed class ClaimWorkEnvironment : AppEnvironment;

    internal const float Timeout = 60_000;

    [Fact]
    public async Task GivenTwoHolds_WhenTheBillerAcceptsBothFixes_ThenTheClaimPageTheClaimsListAndTheQueueSayReadyToSubmitAndTheScoreDrops()
    {
        await using var session = await OpenAsync("p-maria-lopez", 1366, 768);
        var page = session.Page;
        var listRow = page.Locator("tr.claim-row[data-claim-id='claim-maria-followup'] .work-state");
        await Assertions.Expect(listRow).ToHaveTextAsync("2 holds to fix", new() { Timeout = Timeout });

        await GotoAsync(page, session.Launch + "/claims/claim-maria-followup");
        var state = page.Locator("#claim-work-state");
        await Assertions.Expect(state).ToHaveTextAsync("2 holds to fix", new() { Timeout = Timeout });
        var risk = page.Locator("#risk");
        await Assertions.Expect(risk).ToHaveAttributeAsync("data-band", "Hold", new() { Timeout = Timeout });
        var before = await ScoreAsync(page);

        await AcceptFixAsync(page, "modifiers.25-missing");
        await Assertions.Expect(state).ToHaveTextAsync("1 hold to fix", new() { Timeout = Timeout });
        await Assertions.Expect(risk).Not.ToHaveAttributeAsync("data-score", before.ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = Timeout });
        var middle = await ScoreAsync(page);
        middle.ShouldBeLessThan(before, "one hold fewer lowers the score");
        await Assertions.Expect(risk).ToHaveAttributeAsync("data-band", "Hold", new() { Timeout = Timeout }); // a hold is still open

        await AcceptFixAsync(page, "auth.number-missing");
        await Assertions.Expect(state).ToHaveTextAsync("Ready to submit", new() { Timeout = Timeout });
        await Assertions.Expect(risk).Not.ToHaveAttributeAsync("data-band", "Hold", new() { Timeout = Timeout });
        (await ScoreAsync(page)).ShouldBeLessThan(middle);
        (await page.Locator("#findings .severity", new() { HasText = "Hold" }).CountAsync()).ShouldBe(0, "fixed findings no longer wear a red hold");
        PlainWords.ShouldHaveNone(await page.Locator("main, body").First.InnerTextAsync());
        await ShotsAsync(page, "claim-page-ready");

        await GotoAsync(page, session.Launch);
        await Assertions.Expect(listRow).ToHaveTextAsync("Ready to submit", new() { Timeout = Timeout });
        PlainWords.ShouldHaveNone(await page.Locator("#claims-table").InnerTextAsync());
        await ShotsAsync(page, "claims-list");

        await GotoAsync(page, session.Launch + "/queue");
        var queueRow = page.Locator("#queue-table tr", new() { Has = page.Locator("a.claim-link[data-claim-id='claim-maria-followup']") });
        await Assertions.Expect(queueRow.Locator(".work-state")).ToHaveTextAsync("Ready to submit", new() { Timeout = Timeout });
        (await queueRow.Locator("td.risk").GetAttributeAsync("data-band")).ShouldNotBe("Hold");
        PlainWords.ShouldHaveNone(await page.Locator("#queue-table").InnerTextAsync());
        await ShotsAsync(page, "presubmit-queue");
    }

    [Fact]
    public async Task GivenDecidedClaims_WhenListedAndOpened_ThenTheyShowTheirOutcomeAndNeverAPreSubmitHold()
    {
        await using var session = await OpenAsync("p-maria-lopez", 1366, 768);
        var page = session.Page;
        await Assertions.Expect(page.Locator("tr.claim-row[data-claim-id='claim-maria-20610'] .work-state")).ToHaveTextAsync("Partly denied", new() { Timeout = Timeout });
        var paid = page.Locator("tr.claim-row", new() { Has = page.Locator(".work-state[data-stage='Paid']") });
        (await paid.CountAsync()).ShouldBeGreaterThan(0, "Maria has a paid claim in the demo");
        var paidId = await paid.First.GetAttributeAsync("data-claim-id") ?? "";

        foreach (var (claim, outcome) in new[] { (paidId, "Paid"), ("claim-maria-20610", "Partly denied") })
        {
            await GotoAsync(page, session.Launch + "/claims/" + claim);
            await Assertions.Expect(page.Locator("#claim-work-state")).ToHaveTextAsync(outcome, new() { Timeout = Timeout });
            // No red hold chip, no "most likely if denied", no band: the payer decided.
            (await page.Locator("#findings .severity", new() { HasText = "Hold" }).CountAsync()).ShouldBe(0);
            (await page.Locator("#risk-reasons").CountAsync()).ShouldBe(0);
            if (await page.Locator("#risk").CountAsync() > 0)
            {
                (await page.Locator("#risk").GetAttributeAsync("data-band")).ShouldBe("None");
                (await page.Locator("#risk-score").InnerTextAsync()).ShouldContain(outcome);
            }
        }

        // The denied claim's lines are shown above its checks.
        await Assertions.Expect(page.Locator("#denied-lines")).ToBeVisibleAsync(new() { Timeout = Timeout });
        (await page.Locator("#findings .severity").AllInnerTextsAsync()).ShouldAllBe(t => t.Contains("would have", StringComparison.Ordinal) || t == "information");
    }

    [Fact]
    public async Task GivenTheBillingWorklist_WhenTheQueueShowsFilingDeadlines_ThenTheyReadAsDaysLeftOrFlaggedDaysPastTheLimit()
    {
        using var browser = AppEnvironment.NewBrowser(out _);

        var (_, html) = await env.LaunchPracticeAsync(browser);

        html.ShouldNotContain("Filing days left");
        var cells = FilingCell().Matches(html).Select(m => (Class: m.Groups[1].Value, Days: m.Groups[2].Value, Text: Regex.Replace(m.Groups[3].Value, "<[^>]+>", "").Trim())).ToList();
        cells.ShouldNotBeEmpty();
        foreach (var (cls, days, text) in cells.Where(c => c.Days.Length > 0))
        {
            var n = int.Parse(days, System.Globalization.CultureInfo.InvariantCulture);
            if (n < 0)
            {
                cls.ShouldContain("past");
                text.ShouldContain($"{-n} day{(n == -1 ? "" : "s")} past the filing limit");
            }
            else
            {
                cls.ShouldNotContain("past");
                text.ShouldBe(n == 0 ? "due today" : $"{n} day{(n == 1 ? "" : "s")} left");
            }
        }
    }

    [GeneratedRegex("<td(?=[^>]*class=\"[^\"]*(filing-days[^\"]*)\")(?=[^>]*data-days=\"(-?\\d+)\")[^>]*>(.*?)</td>", RegexOptions.Singleline)]
    private static partial Regex FilingCell();

    [Fact]
    public async Task GivenAnUnknownClaimId_WhenItsPageOpens_ThenTheAppSaysClaimNotFoundWithAWayBack()
    {
        await using var session = await OpenAsync("p-maria-lopez", 1366, 768);
        var page = session.Page;

        await GotoAsync(page, session.Launch + "/claims/no-such-claim");

        await Assertions.Expect(page.Locator("#claim-not-found")).ToContainTextAsync("Claim not found", new() { Timeout = Timeout });
        var back = page.Locator("#not-found-back");
        await Assertions.Expect(back).ToHaveAttributeAsync("href", new Regex("/l/[A-Za-z0-9_-]+$"));
        await back.ClickAsync();
        await Assertions.Expect(page.Locator("#claims-table")).ToBeVisibleAsync(new() { Timeout = Timeout });
    }

    internal static async Task ShouldBeAboveTheFoldAsync(IPage page, string selector) => await ShouldBeAboveTheFoldAsync(page, page.Locator(selector));

    internal static async Task ShouldBeAboveTheFoldAsync(IPage page, ILocator element)
    {
        var box = (await element.BoundingBoxAsync()).ShouldNotBeNull();
        var fold = page.ViewportSize!.Height;
        (box.Y + box.Height).ShouldBeLessThanOrEqualTo(fold, $"{await element.InnerTextAsync()} ends at {box.Y + box.Height} px, below the {fold} px fold");
    }

    private static async Task<int> ScoreAsync(IPage page) =>
        int.Parse(await page.Locator("#risk").GetAttributeAsync("data-score") ?? "", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task AcceptFixAsync(IPage page, string rule)
    {
        var finding = page.Locator($".finding[data-rule='{rule}']");
        await finding.Locator("button.fix").ClickAsync(new() { Timeout = Timeout });
        await finding.Locator("button.fix-accept").ClickAsync(new() { Timeout = Timeout });
        await Assertions.Expect(finding).ToHaveAttributeAsync("data-fixed", "true", new() { Timeout = Timeout });
    }

    /// <summary>The page at 1366 and 1024 px wide, kept as test artifacts.</summary>
    private static async Task ShotsAsync(IPage page, string name)
    {
        var size = page.ViewportSize!;
        foreach (var width in new[] { 1366, 1024 })
        {
            await page.SetViewportSizeAsync(width, 768);
            await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Artifacts, $"browser-{name}-{width}.png"), FullPage = true });
        }

        await page.SetViewportSizeAsync(size.Width, size.Height);
    }

    internal static async Task GotoAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await page.Locator("#render-mode[data-mode=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = Timeout });
    }

    private Task<Session> OpenAsync(string patient, int width, int height) => OpenAsync(env, patient, width, height);

    internal static async Task<Session> OpenAsync(AppEnvironment env, string patient, int width, int height)
    {
        var playwright = await Playwright.CreateAsync();
        var chromium = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = BrowserTests.ChromiumArgs });
        var page = await chromium.NewPageAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        await page.GotoAsync($"{env.SandboxUrl}/ehr/launch?client_id={AppEnvironment.ClientId}&patient={patient}");
        await page.WaitForURLAsync(LaunchUrl(), new() { Timeout = Timeout });
        var launch = page.Url;
        await page.Locator("#render-mode[data-mode=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = Timeout });
        return new Session(playwright, chromium, page, launch);
    }

    [GeneratedRegex("/l/[A-Za-z0-9_-]+$")]
    private static partial Regex LaunchUrl();

    internal sealed record Session(IPlaywright Playwright, IBrowser Browser, IPage Page, string Launch) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Browser.DisposeAsync();
            Playwright.Dispose();
        }
    }
}
