using FhirApp.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace FhirApp.IntegrationTests.Hardening;

/// <summary>
/// Script in EHR data (a payer's name, a CARC's display text, a note's description and text) is shown as text in real
/// Chromium: no dialog opens, no injected element or script exists in the page or the letter preview.
/// </summary>
[Collection(HardeningEnvironmentGroup.Name)]
public sealed class ScriptInjectionTests(HardeningEnvironment env)
{
    private static readonly string[] InjectedIds = ["xss-payer", "xss-carc", "xss-note"];

    [Fact]
    public async Task GivenScriptInPayerNameCarcTextAndNote_WhenClaimsClaimAndAppealPagesRender_ThenNothingRunsAndTheTextShowsEscaped()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var chromium = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = BrowserTests.ChromiumArgs });
        var page = await chromium.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync();
        };

        await page.GotoAsync($"{env.SandboxUrl}/");
        await page.Locator($"a.launch[data-patient='{HardeningEnvironment.XssPatient}'][data-client='{AppEnvironment.ClientId}']").ClickAsync();
        await page.Locator("#render-mode[data-mode=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 60_000 });
        var row = page.Locator($"tr.claim-row[data-claim-id='{HardeningEnvironment.XssClaim}']");
        await row.WaitForAsync(new() { Timeout = 60_000 });
        await AssertInertAsync(page, page.MainFrame, "claims list", "onerror=");

        await row.Locator("a.claim-link").ClickAsync();
        await page.Locator("#claim-heading").WaitForAsync(new() { Timeout = 60_000 });
        await page.GetByText("Knee note <img", new() { Exact = false }).First.WaitForAsync(new() { Timeout = 60_000 });
        await AssertInertAsync(page, page.MainFrame, "claim page", "<img id=\"xss-note\"");
        (await page.ContentAsync()).ShouldContain("&lt;img id=\"xss-payer\"", Case.Sensitive, "the payer name is in the page, escaped");

        await page.GotoAsync($"{page.Url}/appeal");
        // The appeal page re-reads the chart once interactive and draws the preview frame again: wait for that render.
        await page.Locator("#appeal-heading[data-interactive=true]").WaitForAsync(new() { Timeout = 60_000 });
        var preview = page.Locator("#letter-preview");
        await preview.WaitForAsync(new() { Timeout = 60_000 });
        var letter = page.FrameLocator("#letter-preview");
        await letter.Locator("body").WaitForAsync(new() { Timeout = 60_000 });
        await AssertInertAsync(page, page.MainFrame, "appeal page", null);
        var frame = page.Frames.Single(f => f != page.MainFrame);
        await AssertInertAsync(page, frame, "letter preview", null);
        (await frame.Locator("body").InnerTextAsync()).ShouldContain("<img id=\"xss-payer\"", Case.Sensitive, "the letter names the payer as text");

        await page.WaitForTimeoutAsync(500); // an onerror handler fires asynchronously: give it the chance to fail the test
        dialogs.ShouldBeEmpty();
        (await page.EvaluateAsync<string?>("() => window.__xss ?? null")).ShouldBeNull();
    }

    private static async Task AssertInertAsync(IPage page, IFrame frame, string where, string? visibleText)
    {
        foreach (var id in InjectedIds)
        {
            (await frame.Locator($"#{id}").CountAsync()).ShouldBe(0, $"{where}: element #{id} was injected");
        }

        (await frame.EvaluateAsync<string?>("() => window.__xss ?? null")).ShouldBeNull(where);
        if (visibleText is not null)
        {
            (await frame.Locator("body").InnerTextAsync()).ShouldContain(visibleText, Case.Sensitive, $"{where}: the payload shows as text");
        }

        await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Artifacts, $"xss-{where.Replace(' ', '-')}.png"), FullPage = true });
    }
}
