using Microsoft.IdentityModel.JsonWebTokens;
using FhirApp.SandboxEhr.Tests.Infrastructure;

namespace FhirApp.SandboxEhr.Tests;

/// <summary>Practice-level EHR launches (a billing worklist): no patient in context, user/ scopes across patients.</summary>
public sealed class PracticeLaunchTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    /// <summary>What FhirApp asks for in an EHR launch: both levels, so the EHR's context decides which one it gets.</summary>
    private const string BothLevels =
        "launch openid fhirUser patient/Patient.r user/Patient.r patient/Claim.rs user/Claim.rs patient/ClaimResponse.rs user/ClaimResponse.rs online_access";

    private readonly SandboxInstance _sandbox = fixture.Sandbox;

    [Fact]
    public async Task GivenBillingWorklistLaunch_WhenTheAppAsksForBothLevels_ThenNoPatientInContextAndOnlyUserScopesGranted()
    {
        var token = await _sandbox.Client().EhrLaunchAsync(patient: null, scope: BothLevels);

        token.Json.ContainsKey("patient").ShouldBeFalse();
        token.Scopes.ShouldBe(["launch", "openid", "fhirUser", "user/Patient.r", "user/Claim.rs", "user/ClaimResponse.rs", "online_access"], ignoreOrder: true);
        new JsonWebToken(token.AccessToken).TryGetClaim("patient", out _).ShouldBeFalse();
        token.IdToken.GetClaim("fhirUser").Value.ShouldBe("Practitioner/pr-susan-patel");
    }

    [Fact]
    public async Task GivenPatientLaunch_WhenTheAppAsksForBothLevels_ThenOnlyPatientScopesGranted()
    {
        var token = await _sandbox.Client().EhrLaunchAsync("p1", scope: BothLevels);

        ((string?)token.Json["patient"]).ShouldBe("p1");
        token.Scopes.ShouldAllBe(s => !s.StartsWith("user/", StringComparison.Ordinal));
        token.Scopes.ShouldContain("patient/Claim.rs");
        (await _sandbox.GetFhirAsync("Claim?patient=p2", token.AccessToken)).Status.ShouldBe(403);
        (await _sandbox.GetFhirAsync("Claim", token.AccessToken)).Status.ShouldBe(403);
    }

    [Fact]
    public async Task GivenBillingWorklistToken_WhenSearchingClaimsWithoutAPatient_ThenEveryPatientsClaimsWithIncludes()
    {
        var token = await _sandbox.Client().EhrLaunchAsync(patient: null, scope: BothLevels);

        var result = await _sandbox.GetFhirAsync("Claim?_include=Claim:patient&_revinclude=ClaimResponse:request", token.AccessToken);

        result.Status.ShouldBe(200);
        result.EntryReferences("match").ShouldBe(["Claim/c1", "Claim/c2", "Claim/c3", "Claim/c9"], ignoreOrder: true);
        result.EntryReferences("include").ShouldBe(["Patient/p1", "Patient/p2", "ClaimResponse/cr1"], ignoreOrder: true);
        (await _sandbox.GetFhirAsync("Claim/c9", token.AccessToken)).Status.ShouldBe(200);
    }

    [Fact]
    public async Task GivenBillingWorklistToken_WhenReadingATypeWithoutAUserScope_Then403()
    {
        var token = await _sandbox.Client().EhrLaunchAsync(patient: null, scope: BothLevels);

        (await _sandbox.GetFhirAsync("Coverage?beneficiary=Patient/p1", token.AccessToken)).Status.ShouldBe(403);
        (await _sandbox.GetFhirAsync("Coverage/cov1", token.AccessToken)).Status.ShouldBe(403);
    }

    [Fact]
    public async Task GivenAUserWhosePanelHasOnePatient_WhenSearchingAndReading_ThenOnlyThatPatientsDataIsServed()
    {
        await using var sandbox = await SandboxInstance.StartAsync("--Sandbox:UserPatients:Practitioner/pr-clinic-biller:0=p2");
        var token = await sandbox.Client().EhrLaunchAsync(patient: null, scope: BothLevels, launchQuery: "&user=Practitioner/pr-clinic-biller");

        var search = await sandbox.GetFhirAsync("Claim?_include=Claim:patient&_revinclude=ClaimResponse:request", token.AccessToken);

        search.Status.ShouldBe(200);
        search.EntryReferences("match").ShouldBe(["Claim/c9"]);
        search.EntryReferences("include").ShouldBe(["Patient/p2"]);
        (await sandbox.GetFhirAsync("Claim/c9", token.AccessToken)).Status.ShouldBe(200);
        (await sandbox.GetFhirAsync("Claim/c1", token.AccessToken)).Status.ShouldBe(403);
        (await sandbox.GetFhirAsync("Patient/p1", token.AccessToken)).Status.ShouldBe(403);
    }

    [Fact]
    public async Task GivenTheEhrPage_WhenOpened_ThenEachClientHasABillingWorklistLinkWithoutPatient()
    {
        var html = await _sandbox.Http.GetStringAsync("/");

        html.ShouldContain("<a class=\"launch-practice\" data-client=\"test-app\" href=\"/ehr/launch?client_id=test-app&amp;user=Practitioner%2Fpr-susan-patel\">Billing worklist: Test App</a>");
    }
}
