using System.Net;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Queue;
using FhirApp.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace FhirApp.IntegrationTests;

/// <summary>The biller's pre-submit queue: a practice launch (billing worklist) sees what its user/ scopes allow; a patient launch only its patient.</summary>
[Collection(DefaultEnvironmentGroup.Name)]
public sealed class PreSubmitQueueTests(AppEnvironment env)
{
    // Every claim in fhir-fixtures/ without a ClaimResponse or EOB (demo and edge; claim-edge-malformed is unreadable).
    private static readonly string[] PendingClaims = ["claim-maria-followup", "claim-robert-pending", "claim-edge-unknown-elements"];

    [Fact]
    public async Task GivenTheBillingWorklistLaunch_WhenAppRedirectsToAuthorize_ThenItAsksForUserScopesOnly()
    {
        using var browser = AppEnvironment.NewBrowser(out _);

        var steps = await env.StartEhrLaunchAsync(browser, patientId: null);

        steps.LaunchUrl.AbsolutePath.ShouldBe("/launch/practice");
        var scopes = QueryHelpers.ParseQuery(steps.AuthorizeUrl.Query)["scope"].ToString().Split(' ');
        scopes.ShouldContain("user/Claim.rs");
        scopes.ShouldContain("user/Patient.r");
        scopes.ShouldAllBe(s => !s.StartsWith("patient/", StringComparison.Ordinal) && !s.Contains('*') && !s.StartsWith("system/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GivenAChartLaunch_WhenAppRedirectsToAuthorize_ThenItAsksForPatientScopesOnlyAndWritesForTheEnabledFeatures()
    {
        using var browser = AppEnvironment.NewBrowser(out _);

        var steps = await env.StartEhrLaunchAsync(browser, "p-maria-lopez");

        steps.LaunchUrl.AbsolutePath.ShouldBe("/launch");
        var scopes = QueryHelpers.ParseQuery(steps.AuthorizeUrl.Query)["scope"].ToString().Split(' ');
        scopes.ShouldContain("patient/Claim.rs");
        scopes.ShouldAllBe(s => !s.StartsWith("user/", StringComparison.Ordinal) && !s.Contains('*') && !s.EndsWith(".cruds", StringComparison.Ordinal));
        // This registration turned on documentation requests and packets in the chart: their writes, nothing else.
        scopes.Where(s => s.Contains('/', StringComparison.Ordinal) && s.Split('.')[^1].IndexOfAny(['c', 'u', 'd']) >= 0)
            .Order(StringComparer.Ordinal).ShouldBe(["patient/DocumentReference.crs", "patient/Task.crus"]);
    }

    [Fact]
    public async Task GivenBillingWorklistLaunch_WhenCallbackCompletes_ThenTheQueueHoldsEveryPatientsPendingClaimsAndNothingAdjudicated()
    {
        using var browser = AppEnvironment.NewBrowser(out _);

        var (launchId, html) = await env.LaunchPracticeAsync(browser);

        html.ShouldContain("id=\"queue-table\"");
        html.ShouldNotContain("id=\"patient-banner\"");
        foreach (var claim in PendingClaims)
        {
            html.ShouldContain($"data-claim-id=\"{claim}\"");
        }
        html.ShouldNotContain("data-claim-id=\"claim-maria-20610\"");
        html.ShouldNotContain("data-claim-id=\"claim-james-90837\"");
        var view = await env.ReloadClaimsAsync(launchId);
        view.Claims.Select(c => c.PatientId).Distinct().Count().ShouldBeGreaterThanOrEqualTo(5, "claims of every demo patient and the edge patient were read");
        view.ClaimLimitReached.ShouldBeNull();
        PreSubmitWorklist.Build(view.Details.Values, view.Scrubbed, DecisionSet.None).Select(r => r.ClaimId).ShouldBe(PendingClaims, ignoreOrder: true);
    }

    [Fact]
    public async Task GivenBillingWorklistLaunch_WhenTheClaimsPageIsOpened_ThenItSendsTheBillerToTheQueue()
    {
        using var browser = AppEnvironment.NewBrowser(out _);
        var (launchId, _) = await env.LaunchPracticeAsync(browser);

        var response = await browser.GetAsync($"{env.AppUrl}/l/{launchId}");

        CookieJarHandler.IsRedirect(response).ShouldBeTrue($"answered {(int)response.StatusCode}");
        response.Headers.Location!.OriginalString.ShouldEndWith($"/l/{launchId}/queue");
    }

    [Fact]
    public async Task GivenBillingWorklistLaunch_WhenAnyPatientsClaimPageOpens_ThenItShowsWithItsFindings()
    {
        using var browser = AppEnvironment.NewBrowser(out _);
        var (launchId, _) = await env.LaunchPracticeAsync(browser);

        var pending = await browser.GetAsync($"{env.AppUrl}/l/{launchId}/claims/claim-robert-pending");
        var adjudicated = await browser.GetAsync($"{env.AppUrl}/l/{launchId}/claims/claim-maria-20610");

        pending.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await pending.Content.ReadAsStringAsync();
        html.ShouldContain("id=\"claim-heading\"");
        html.ShouldContain("id=\"findings\"");
        html.ShouldContain($"href=\"/l/{launchId}/queue\"");
        adjudicated.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task GivenPatientLaunchForRobert_WhenHisQueueOpens_ThenOnlyHisPendingClaimIsThere()
    {
        using var browser = AppEnvironment.NewBrowser(out _);
        var (launchId, claimsHtml) = await env.LaunchAsync(browser, "p-robert-king");

        var html = await browser.GetStringAsync($"{env.AppUrl}/l/{launchId}/queue");

        claimsHtml.ShouldContain($"href=\"/l/{launchId}/queue\"");
        html.ShouldContain("id=\"patient-banner\"");
        html.ShouldContain("data-claim-id=\"claim-robert-pending\"");
        html.ShouldNotContain("claim-edge-unknown-elements");
        html.ShouldNotContain("data-claim-id=\"claim-robert-arthroscopy\"");
    }

    [Fact]
    public async Task GivenBillingWorklistOfAUserWhoSeesOnePatient_WhenUrlIsEditedToAnotherPatientsClaim_ThenForbidden()
    {
        using var browser = AppEnvironment.NewBrowser(out _);
        var (launchId, html) = await env.LaunchPracticeAsync(browser, AppEnvironment.PanelUser);

        var own = await browser.GetAsync($"{env.AppUrl}/l/{launchId}/claims/claim-james-90837");
        var other = await browser.GetAsync($"{env.AppUrl}/l/{launchId}/claims/claim-robert-pending");

        html.ShouldNotContain("claim-robert-pending");
        own.StatusCode.ShouldBe(HttpStatusCode.OK);
        other.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await other.Content.ReadAsStringAsync()).ShouldNotContain("20610-LT");
    }

    [Fact]
    public async Task GivenSomeoneElsesBillingWorklist_WhenItsQueueIsOpenedInAnotherBrowser_ThenForbidden()
    {
        using var mine = AppEnvironment.NewBrowser(out _);
        using var theirs = AppEnvironment.NewBrowser(out _);
        var (launchId, _) = await env.LaunchPracticeAsync(mine);
        await env.LaunchAsync(theirs, "p-james-carter");

        var response = await theirs.GetAsync($"{env.AppUrl}/l/{launchId}/queue");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("claim-robert-pending");
    }
}

/// <summary>A practice whose EHR holds more claims than the app reads in one practice launch.</summary>
public sealed class ClaimLimitTests(ClaimLimitEnvironment env) : IClassFixture<ClaimLimitEnvironment>
{
    [Fact]
    public async Task GivenMoreClaimsThanTheLimit_WhenBillingWorklistLaunches_ThenOnlyTheLimitIsReadAndTheQueueSaysSo()
    {
        using var browser = AppEnvironment.NewBrowser(out _);

        var (launchId, html) = await env.LaunchPracticeAsync(browser);

        html.ShouldContain("id=\"claim-limit\"");
        html.ShouldContain("Only the 3 most recently updated claims");
        var view = await env.ReloadClaimsAsync(launchId);
        view.ClaimLimitReached.ShouldBe(3);
        view.Claims.Count(c => c.ResourceType == "Claim").ShouldBe(3);
    }
}
