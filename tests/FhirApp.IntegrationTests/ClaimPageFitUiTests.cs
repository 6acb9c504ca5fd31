using FhirApp.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace FhirApp.IntegrationTests;

/// <summary>The claim page in a 1024×700 EHR frame: the claim header, its holds and its denied lines come before the fold.</summary>
public sealed class ClaimPageFitUiTests(ClaimPageFitUiTests.FitEnvironment env) : IClassFixture<ClaimPageFitUiTests.FitEnvironment>
{
    /// <summary>Its own database: no other test has fixed the holds this one measures.</summary>
    public sealed class FitEnvironment : AppEnvironment;

    [Fact]
    public async Task GivenA1024x700Frame_WhenAClaimWithHoldsOpens_ThenTheHeaderTheHoldsAndTheDeniedLinesAreAboveTheFold()
    {
        await using var session = await ClaimWorkUiTests.OpenAsync(env, "p-maria-lopez", 1024, 700);
        var page = session.Page;

        await ClaimWorkUiTests.GotoAsync(page, session.Launch + "/claims/claim-maria-followup");
        var holds = page.Locator(".finding[data-severity='Hold'][data-fixed='false']");
        await Assertions.Expect(holds.First).ToBeVisibleAsync(new() { Timeout = ClaimWorkUiTests.Timeout });
        (await holds.CountAsync()).ShouldBeGreaterThan(0);
        await ClaimWorkUiTests.ShouldBeAboveTheFoldAsync(page, "#claim-heading");
        await ClaimWorkUiTests.ShouldBeAboveTheFoldAsync(page, "#claim-subheading");
        (await page.Locator("#claim-subheading").InnerTextAsync()).ShouldContain("practice claim no. RO-MARIA-FOLLOWUP");
        for (var i = 0; i < await holds.CountAsync(); i++)
        {
            await ClaimWorkUiTests.ShouldBeAboveTheFoldAsync(page, holds.Nth(i));
        }

        await ClaimWorkUiTests.GotoAsync(page, session.Launch + "/claims/claim-maria-20610");
        await Assertions.Expect(page.Locator("#denied-lines")).ToBeVisibleAsync(new() { Timeout = ClaimWorkUiTests.Timeout });
        await ClaimWorkUiTests.ShouldBeAboveTheFoldAsync(page, "#claim-heading");
        await ClaimWorkUiTests.ShouldBeAboveTheFoldAsync(page, "#denied-lines");
        await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Artifacts, "browser-claim-page-denied-1024x700.png") });
    }

}
