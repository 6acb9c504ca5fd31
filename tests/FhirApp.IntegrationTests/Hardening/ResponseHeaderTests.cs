using FhirApp.IntegrationTests.Infrastructure;

namespace FhirApp.IntegrationTests.Hardening;

/// <summary>What the browser receives with each page: one Content-Security-Policy that lets the EHR frame the app, nothing that forbids it.</summary>
[Collection(DefaultEnvironmentGroup.Name)]
public sealed class ResponseHeaderTests(AppEnvironment env)
{
    [Theory]
    [InlineData("")]
    [InlineData("/queue")]
    [InlineData("/claims/claim-maria-20610")]
    public async Task GivenALaunchPage_WhenServed_ThenItCarriesOneCspFramedByTheEhrAndNoXFrameOptions(string path)
    {
        using var browser = AppEnvironment.NewBrowser(out _);
        var (launch, _) = await env.LaunchAsync(browser, "p-maria-lopez");

        var response = await browser.GetAsync($"{env.AppUrl}/l/{launch}{path}");

        var policies = response.Headers.GetValues("Content-Security-Policy").ToList();
        policies.Count.ShouldBe(1, string.Join(" | ", policies));
        var frameAncestors = policies[0].Split(';', StringSplitOptions.TrimEntries).Single(d => d.StartsWith("frame-ancestors ", StringComparison.Ordinal)).Split(' ');
        frameAncestors.ShouldContain(env.SandboxUrl);
        policies[0].ShouldContain("object-src 'none'");
        response.Headers.Contains("X-Frame-Options").ShouldBeFalse();
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
    }
}
