using System.Text.RegularExpressions;
using FhirApp.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace FhirApp.IntegrationTests;

/// <summary>
/// A biller accepts proposed fixes and records a phone authorization in the browser, against the sandbox EHR. Runs in
/// its own environment (own database), because both change what the checks find for Maria's claims.
/// </summary>
public sealed partial class CorrectionsUiTests(CorrectionsEnvironment env) : IClassFixture<CorrectionsEnvironment>
{
    [Fact]
    public async Task GivenTwoFixableHolds_WhenTheBillerAcceptsBothFixes_ThenTheDraftCarriesBothChangesWithWhoAndWhy()
    {
        var (page, close) = await OpenClaimAsync("claim-maria-followup");
        await using var _ = close;

        await AcceptFixAsync(page, "modifiers.25-missing", expectPath: "Claim.item[0].modifier", expectAfter: "25");
        await AcceptFixAsync(page, "auth.number-missing", expectPath: "Claim.insurance[0].preAuthRef", expectAfter: "ACM-PA-778812");

        var rows = page.Locator("#claim-corrections tr.correction");
        (await rows.CountAsync()).ShouldBe(2);
        var table = await page.Locator("#claim-corrections").InnerTextAsync();
        table.ShouldContain("you,");
        PlainWords.ShouldHaveNone(table);
        table.ShouldContain("the note names a separately identifiable problem");
        var draft = await page.Locator("#claim-draft-json").TextContentAsync();
        draft.ShouldNotBeNull().ShouldContain("\"preAuthRef\":[\"ACM-PA-778812\"]");
        draft.ShouldContain("\"code\":\"25\"");
        draft.ShouldContain("\"status\":\"draft\"");
        // Both findings now say they are fixed in the draft, and offer no second fix.
        foreach (var rule in new[] { "modifiers.25-missing", "auth.number-missing" })
        {
            var finding = page.Locator($".finding[data-rule='{rule}']");
            (await finding.GetAttributeAsync("data-fixed")).ShouldBe("true");
            (await finding.Locator("button.fix").CountAsync()).ShouldBe(0);
        }
        await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Artifacts, "browser-corrections-accepted.png"), FullPage = true });
    }

    [Fact]
    public async Task GivenAuthMissing_WhenTheBillerRecordsThePayersPhoneAuthorization_ThenTheCheckAsksOnlyToAttachItsNumber()
    {
        var (page, close) = await OpenClaimAsync("claim-maria-20610");
        await using var _ = close;
        // The interactive render loads the claims again after the prerender: wait for the finding rather than count once.
        await Assertions.Expect(page.Locator(".finding[data-rule='auth.missing']")).ToHaveCountAsync(1);

        await page.Locator(".auth-number input").FillAsync("PA-PHONE-0210");
        await page.Locator(".auth-start input").FillAsync("2026-02-01");
        await page.Locator(".auth-end input").FillAsync("2026-03-31");
        await page.Locator("button.auth-save").ClickAsync();

        var attach = page.Locator(".finding[data-rule='auth.number-missing']");
        await attach.WaitForAsync();
        (await page.Locator(".finding[data-rule='auth.missing']").CountAsync()).ShouldBe(0);
        (await page.Locator("#logged-auths").InnerTextAsync()).ShouldContain("PA-PHONE-0210");
        await attach.Locator("button.fix").ClickAsync();
        (await attach.Locator(".fix-diff").InnerTextAsync()).ShouldContain("PA-PHONE-0210");
    }

    [Fact]
    public async Task GivenAnIncompleteAuthorization_WhenSaved_ThenTheFormSaysWhatIsMissing()
    {
        var (page, close) = await OpenClaimAsync("claim-robert-pending");
        await using var _ = close;

        await page.Locator(".auth-number input").FillAsync("PA-1");
        await page.Locator(".auth-start input").FillAsync("2026-02-30");
        await page.Locator(".auth-end input").FillAsync("2026-03-31");
        await page.Locator("button.auth-save").ClickAsync();

        (await page.Locator("#auth-error").InnerTextAsync()).ShouldContain("yyyy-mm-dd");
        (await page.Locator("#logged-auths").CountAsync()).ShouldBe(0);
    }

    private static async Task AcceptFixAsync(IPage page, string rule, string expectPath, string expectAfter)
    {
        var finding = page.Locator($".finding[data-rule='{rule}']");
        await finding.Locator("button.fix").ClickAsync();
        // The element path is behind the change's "details" toggle (closed: not in the visible text).
        var diff = await finding.Locator(".fix-diff").TextContentAsync() ?? "";
        diff.ShouldContain(expectPath);
        diff.ShouldContain(expectAfter);
        await finding.Locator("button.fix-accept").ClickAsync();
        await page.Locator($"#claim-corrections tr.correction[data-rule='{rule}']").First.WaitForAsync();
    }

    private async Task<(IPage Page, IAsyncDisposable Close)> OpenClaimAsync(string claimId)
    {
        var playwright = await Playwright.CreateAsync();
        var chromium = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = BrowserTests.ChromiumArgs });
        var page = await chromium.NewPageAsync();
        await page.GotoAsync($"{env.SandboxUrl}/ehr/launch?client_id={AppEnvironment.ClientId}&patient=p-maria-lopez".Replace("p-maria-lopez", claimId.Contains("robert", StringComparison.Ordinal) ? "p-robert-king" : "p-maria-lopez", StringComparison.Ordinal));
        await page.WaitForURLAsync(LaunchUrl());
        await page.GotoAsync(page.Url + "/claims/" + claimId);
        await page.Locator("#render-mode[data-mode=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        return (page, new Closer(playwright, chromium));
    }

    [GeneratedRegex("/l/[A-Za-z0-9_-]+$")]
    private static partial Regex LaunchUrl();

    private sealed class Closer(IPlaywright playwright, IBrowser browser) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }
}
