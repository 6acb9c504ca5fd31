using System.Text.RegularExpressions;
using FhirApp.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using Task = System.Threading.Tasks.Task;

namespace FhirApp.IntegrationTests;

/// <summary>
/// The app's frame around what goes wrong: an unknown address and a failed request show FhirApp's layout with plain words
/// and a way back to the launch, and the reconnect banner shows one state at a time.
/// </summary>
public sealed partial class FramesUiTests(ProductionEnvironment env) : IClassFixture<ProductionEnvironment>
{
    [Fact]
    public async Task GivenAPracticeLaunch_WhenTheBillerOpensAnUnknownAddressAndOneThatFails_ThenBothPagesAreAppFramedWithAWayBackAndNoDeveloperWords()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var chromium = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = BrowserTests.ChromiumArgs });
        var page = await chromium.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync($"{env.SandboxUrl}/ehr/launch?client_id={AppEnvironment.ClientId}");
        await page.WaitForURLAsync(LaunchUrl());
        var launch = LaunchUrl().Match(page.Url).Groups[1].Value;

        // An address under the launch that no page serves: a 404 in the app's frame, the launch's navigation and links back.
        var missing = await page.GotoAsync($"{env.AppUrl}/l/{launch}/no-such-screen");
        missing!.Status.ShouldBe(404);
        await page.Locator("#render-mode[data-mode=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Assertions.Expect(page.Locator("#not-found #problem-heading")).ToHaveTextAsync("Page not found");
        await Assertions.Expect(page.Locator("#launch-nav")).ToBeVisibleAsync();
        (await page.Locator("#back-to-claims").GetAttributeAsync("href")).ShouldBe($"/l/{launch}");
        (await page.Locator("#back-to-queue").GetAttributeAsync("href")).ShouldBe($"/l/{launch}/queue");
        await ShotsAsync(page, "not-found");
        await DenialsUiTests.AxeAsync(page);
        await page.Locator("#back-to-queue").ClickAsync();
        await page.WaitForURLAsync($"**/l/{launch}/queue");

        // Outside any launch: the same frame, and what to do instead of a link.
        var bare = await page.GotoAsync($"{env.AppUrl}/nowhere");
        bare!.Status.ShouldBe(404);
        await Assertions.Expect(page.Locator("#not-found #problem-todo")).ToContainTextAsync("launch FhirApp from there");
        (await page.Locator("#back-to-claims").CountAsync()).ShouldBe(0);

        // A request that fails inside the app: the error page in the frame, the exception's text only in the log.
        var failed = await page.GotoAsync($"{env.AppUrl}/l/{launch}/{ProductionEnvironment.FailingPath}");
        failed!.Status.ShouldBe(500);
        await Assertions.Expect(page.Locator("#error-page #problem-heading")).ToHaveTextAsync("Something went wrong");
        await Assertions.Expect(page.Locator(".mud-appbar")).ToContainTextAsync("FhirApp"); // the app's frame (static: no launch navigation)
        (await page.Locator("#back-to-claims").GetAttributeAsync("href")).ShouldBe($"/l/{launch}");
        await Assertions.Expect(page.Locator("#request-id")).ToBeVisibleAsync();
        var text = await page.Locator(".mud-main-content").InnerTextAsync();
        text.ShouldNotContain("Parameter");
        text.ShouldNotContain("InvalidOperationException");
        PlainWords.ShouldHaveNone(text);
        await ShotsAsync(page, "error");
        await DenialsUiTests.AxeAsync(page);
    }

    [Fact]
    public async Task GivenAnInteractiveScreen_WhenTheReconnectBannerTakesEachState_ThenOnlyThatStatesWordsAndButtonShow()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var chromium = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = BrowserTests.ChromiumArgs });
        var page = await chromium.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync($"{env.SandboxUrl}/ehr/launch?client_id={AppEnvironment.ClientId}");
        await page.WaitForURLAsync(LaunchUrl());
        await page.Locator("#render-mode[data-mode=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        var modal = page.Locator("#components-reconnect-modal");
        await Assertions.Expect(modal).ToBeHiddenAsync();
        var texts = modal.Locator("p, button");
        // The state classes Blazor's reconnect handler and the modal's script set, and what each must show (and nothing else).
        var states = new (string Class, string Shows, string? Button)[]
        {
            ("components-reconnect-show", "Reconnecting", null),
            ("components-reconnect-retrying", "Next try in", null),
            ("components-reconnect-failed", "could not reconnect", "Retry"),
            ("components-reconnect-paused", "paused this screen", "Resume"),
            ("components-reconnect-resume-failed", "could not resume", "Resume"),
        };
        await modal.EvaluateAsync("d => d.showModal()");
        foreach (var (cls, shows, button) in states)
        {
            await modal.EvaluateAsync("(d, c) => d.className = c", cls);
            var visible = new List<string>();
            for (var i = 0; i < await texts.CountAsync(); i++)
            {
                if (await texts.Nth(i).IsVisibleAsync())
                {
                    visible.Add((await texts.Nth(i).InnerTextAsync()).Trim());
                }
            }

            visible.Count(v => v.Contains(shows, StringComparison.Ordinal)).ShouldBe(1, $"{cls}: {string.Join(" | ", visible)}");
            visible.Count.ShouldBe(button is null ? 1 : 2, $"{cls} shows one message{(button is null ? "" : " and its button")}: {string.Join(" | ", visible)}");
            if (button is not null)
            {
                visible.ShouldContain(v => string.Equals(v, button, StringComparison.OrdinalIgnoreCase));
            }
            await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Artifacts, $"browser-reconnect-{cls["components-reconnect-".Length..]}.png") });
        }

        await modal.EvaluateAsync("d => { d.className = ''; d.close(); }");
    }

    /// <summary>The page at 1366 and 1024 px wide, kept as test artifacts.</summary>
    private static async Task ShotsAsync(IPage page, string name)
    {
        foreach (var width in new[] { 1366, 1024 })
        {
            await page.SetViewportSizeAsync(width, 768);
            await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Artifacts, $"browser-{name}-{width}.png"), FullPage = true });
        }

        await page.SetViewportSizeAsync(1366, 768);
    }

    [GeneratedRegex("/l/([A-Za-z0-9_-]+)(/[a-z]+)?$")]
    private static partial Regex LaunchUrl();
}
