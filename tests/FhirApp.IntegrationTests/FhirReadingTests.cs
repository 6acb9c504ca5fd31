using FhirApp.IntegrationTests.Infrastructure;
using FhirApp.Web.Claims;
using FhirApp.Web.Smart;
using Microsoft.Extensions.DependencyInjection;

namespace FhirApp.IntegrationTests;

[Collection(DefaultEnvironmentGroup.Name)]
public sealed class FhirReadingTests(AppEnvironment env)
{
    [Fact]
    public async Task GivenBatchCapableEhr_WhenPatientRecordLoads_ThenOneBatchRoundTripCarriesEveryQuery()
    {
        using var browser = AppEnvironment.NewBrowser(out _);
        var before = env.Outgoing.Requests.Count;

        var (launchId, _) = await env.LaunchAsync(browser, "p-robert-king");

        var sent = env.Outgoing.Requests.Skip(before).Where(r => !r.Url.Contains("/metadata", StringComparison.Ordinal)).ToList();
        sent.Count.ShouldBe(1, string.Join("\n", sent.Select(s => s.Method + " " + s.Url)));
        sent[0].Method.ShouldBe("POST");
        foreach (var query in new[] { "Patient/p-robert-king", "Coverage?beneficiary=", "Claim?patient=", "ClaimResponse?patient=", "ExplanationOfBenefit?patient=", "DocumentReference?patient=" })
        {
            sent[0].Body.ShouldContain(query);
        }
        var view = await env.ReloadClaimsAsync(launchId);
        view.RoundTrips.ShouldBe(1);
    }

    [Fact]
    public async Task GivenLaunchWithDocumentReferenceScopeWithheld_WhenClaimOpened_ThenNotesAreHiddenAndNeverRequested()
    {
        using var browser = AppEnvironment.NewBrowser(out _);
        var before = env.Outgoing.Requests.Count;

        var (launchId, _) = await env.LaunchAsync(browser, "p-maria-lopez", "&scope_deny=" + Uri.EscapeDataString("patient/DocumentReference.rs"));
        var detail = await browser.GetStringAsync($"{env.AppUrl}/l/{launchId}/claims/claim-maria-20610");

        env.Outgoing.Requests.Skip(before).ShouldAllBe(r => !r.Body.Contains("DocumentReference") && !r.Url.Contains("DocumentReference"));
        detail.ShouldNotContain("Linked notes");
        detail.ShouldContain("20610");
        var granted = (await env.StoredLaunchAsync(launchId)).GrantedScopes.Split(' ');
        SmartScopes.Allows(granted, "DocumentReference", 's').ShouldBeFalse();
        SmartScopes.Allows(granted, "Claim", 's').ShouldBeTrue();
    }

    [Fact]
    public async Task GivenFullGrant_WhenClaimOpened_ThenLinesDiagnosesCoverageAdjudicationsAndNotesShow()
    {
        using var browser = AppEnvironment.NewBrowser(out _);
        var (launchId, _) = await env.LaunchAsync(browser, "p-maria-lopez");

        var detail = await browser.GetStringAsync($"{env.AppUrl}/l/{launchId}/claims/claim-maria-20610");

        detail.ShouldContain("id=\"claim-lines\"");
        detail.ShouldContain("M17.11");
        detail.ShouldContain("id=\"claim-coverage\"");
        detail.ShouldContain("Acme");
        detail.ShouldContain("<td>Active</td>", Case.Sensitive);
        detail.ShouldNotContain("<td>active</td>", Case.Sensitive);
        detail.ShouldContain("id=\"claim-adjudications\"");
        detail.ShouldContain("CO-197");
        detail.ShouldContain("Linked notes");
        detail.ShouldContain("id=\"claim-notes\"");
    }

    [Fact]
    public async Task GivenEhrSendsOneMalformedClaim_WhenLoaded_ThenItIsSkippedWithItsIdAndTheRestShow()
    {
        using var browser = AppEnvironment.NewBrowser(out _);

        var (launchId, html) = await env.LaunchAsync(browser, "p-edge-case");

        html.ShouldContain("id=\"skipped-resources\"");
        html.ShouldContain("(1 claim).");
        html.ShouldContain("Claim/claim-edge-malformed"); // behind the administrator's details toggle
        var view = await env.ReloadClaimsAsync(launchId);
        view.Skipped.ShouldContain(s => s.Id == "claim-edge-malformed");
        view.Claims.ShouldNotBeEmpty("the claim with unknown elements still reads");
    }
}

public sealed class PagingTests(PagingEnvironment env) : IClassFixture<PagingEnvironment>
{
    [Fact]
    public async Task GivenOneResultPerPage_WhenRecordLoads_ThenEveryPageOnTheEhrOriginIsFollowed()
    {
        using var browser = AppEnvironment.NewBrowser(out _);
        var before = env.Outgoing.Requests.Count;

        var (_, html) = await env.LaunchAsync(browser, "p-robert-king");

        var sent = env.Outgoing.Requests.Skip(before).ToList();
        sent.Count(r => r.Method == "GET" && r.Url.StartsWith(env.FhirBase, StringComparison.Ordinal) && !r.Url.Contains("/metadata", StringComparison.Ordinal))
            .ShouldBeGreaterThan(1, "next pages were fetched");
        foreach (var claim in new[] { "claim-robert-arthroscopy", "claim-robert-pending", "claim-robert-coverage-ended" })
        {
            html.ShouldContain($"data-claim-id=\"{claim}\"");
        }
        html.ShouldNotContain("was not followed");
    }
}

public sealed class ForeignNextLinkTests(ForeignNextLinkEnvironment env) : IClassFixture<ForeignNextLinkEnvironment>
{
    [Fact]
    public async Task GivenNextLinkOnAnotherHost_WhenRecordLoads_ThenNoTokenReachesThatHostAndTheUserIsTold()
    {
        using var browser = AppEnvironment.NewBrowser(out _);

        var (_, html) = await env.LaunchAsync(browser, "p-robert-king");

        env.Stranger.Requests.ShouldBeEmpty("a next page on another host is not followed (and SmartBearerHandler would strip the token)");
        html.ShouldContain("was not followed");
    }
}
