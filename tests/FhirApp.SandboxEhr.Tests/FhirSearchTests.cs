using System.Text.Json.Nodes;
using FhirApp.SandboxEhr.Tests.Infrastructure;

namespace FhirApp.SandboxEhr.Tests;

public sealed class FhirSearchTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly SandboxInstance _sandbox = fixture.Sandbox;

    [Fact]
    public async Task GivenAPatientToken_WhenSearchingClaimsByPatient_ThenASearchsetWithTotalAndFullUrlsComesBack()
    {
        var token = await TokenAsync();

        var result = await _sandbox.GetFhirAsync("Claim?patient=p1", token);

        result.Status.ShouldBe(200);
        ((string?)result.Json!["type"]).ShouldBe("searchset");
        ((int?)result.Json["total"]).ShouldBe(3);
        result.EntryReferences("match").ShouldBe(["Claim/c1", "Claim/c2", "Claim/c3"]);
        ((string?)result.Entries[0]!["fullUrl"]).ShouldBe($"{_sandbox.FhirBase}/Claim/c1");
        ((string?)result.Json["link"]![0]!["relation"]).ShouldBe("self");
        result.NextLink.ShouldBeNull();
    }

    [Fact]
    public async Task GivenIncludes_WhenSearchingClaims_ThenReferencedResourcesComeBackInIncludeMode()
    {
        var token = await TokenAsync();

        var result = await _sandbox.GetFhirAsync("Claim?patient=p1&_id=c1&_include=Claim:patient&_include=Claim:insurer&_include=Claim:provider", token);

        result.EntryReferences("match").ShouldBe(["Claim/c1"]);
        result.EntryReferences("include").ShouldBe(["Patient/p1", "Organization/org-payer", "Practitioner/pr-susan-patel"], ignoreOrder: true);
    }

    [Fact]
    public async Task GivenRevIncludes_WhenSearchingClaims_ThenResponsesAndEobsComeBackInIncludeMode()
    {
        var token = await TokenAsync();

        var result = await _sandbox.GetFhirAsync("Claim?patient=p1&_revinclude=ClaimResponse:request&_revinclude=ExplanationOfBenefit:claim", token);

        result.EntryReferences("include").ShouldBe(["ClaimResponse/cr1", "ExplanationOfBenefit/eob1"], ignoreOrder: true);
    }

    [Fact]
    public async Task GivenATokenWithoutClaimResponseScope_WhenRevIncludingResponses_ThenTheyAreFilteredOut()
    {
        var token = (await _sandbox.Client().EhrLaunchAsync("p1", scope: "launch patient/Claim.rs")).AccessToken;

        var result = await _sandbox.GetFhirAsync("Claim?patient=p1&_revinclude=ClaimResponse:request", token);

        result.Status.ShouldBe(200);
        result.EntryReferences("include").ShouldBeEmpty();
    }

    [Fact]
    public async Task GivenEobIncludes_WhenSearchingEobs_ThenClaimCoverageAndInsurerAreIncluded()
    {
        var token = await TokenAsync();

        var result = await _sandbox.GetFhirAsync(
            "ExplanationOfBenefit?patient=p1&_include=ExplanationOfBenefit:claim&_include=ExplanationOfBenefit:coverage&_include=ExplanationOfBenefit:insurer", token);

        result.EntryReferences("match").ShouldBe(["ExplanationOfBenefit/eob1"]);
        result.EntryReferences("include").ShouldBe(["Claim/c1", "Coverage/cov1", "Organization/org-payer"], ignoreOrder: true);
    }

    [Fact]
    public async Task GivenASmallCount_WhenPaging_ThenNextLinksWalkThroughAllMatches()
    {
        var token = await TokenAsync();

        var first = await _sandbox.GetFhirAsync("Claim?patient=p1&_count=2", token);
        var second = await _sandbox.GetFhirAsync(first.NextLink!, token);

        first.EntryReferences("match").ShouldBe(["Claim/c1", "Claim/c2"]);
        first.NextLink.ShouldStartWith($"{_sandbox.FhirBase}/Claim?");
        ((int?)second.Json!["total"]).ShouldBe(3);
        second.EntryReferences("match").ShouldBe(["Claim/c3"]);
        second.NextLink.ShouldBeNull();
    }

    [Fact]
    public async Task GivenLastUpdatedAndSort_WhenSearching_ThenOnlyNewerClaimsComeBackNewestFirst()
    {
        var token = await TokenAsync();

        var result = await _sandbox.GetFhirAsync("Claim?patient=p1&_lastUpdated=gt2024-02-15&_sort=-_lastUpdated", token);

        result.EntryReferences("match").ShouldBe(["Claim/c3", "Claim/c2"]);
    }

    [Fact]
    public async Task GivenCoverageByBeneficiary_WhenIncludingThePayor_ThenTheOrganizationIsIncluded()
    {
        var token = await TokenAsync();

        var result = await _sandbox.GetFhirAsync("Coverage?beneficiary=Patient/p1&_include=Coverage:payor", token);

        result.EntryReferences("match").ShouldBe(["Coverage/cov1"]);
        result.EntryReferences("include").ShouldBe(["Organization/org-payer"]);
    }

    [Fact]
    public async Task GivenABatchWithAnAllowedAndAForbiddenEntry_WhenPosted_ThenEachEntryHasItsOwnStatus()
    {
        var token = await TokenAsync();
        var batch = new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["type"] = "batch",
            ["entry"] = new JsonArray(
                Get("Claim?patient=p1&_include=Claim:insurer"),
                Get("Claim/c9"),
                Get("Coverage/cov1")),
        };

        var result = await _sandbox.SendFhirAsync(HttpMethod.Post, "", token, batch);

        result.Status.ShouldBe(200);
        ((string?)result.Json!["type"]).ShouldBe("batch-response");
        var entries = result.Entries;
        ((string?)entries[0]!["response"]!["status"]).ShouldStartWith("200");
        ((string?)entries[0]!["resource"]!["type"]).ShouldBe("searchset");
        ((int?)entries[0]!["resource"]!["total"]).ShouldBe(3);
        ((string?)entries[1]!["response"]!["status"]).ShouldStartWith("403");
        ((string?)entries[1]!["response"]!["outcome"]!["resourceType"]).ShouldBe("OperationOutcome");
        ((string?)entries[2]!["resource"]!["id"]).ShouldBe("cov1");
    }

    [Fact]
    public async Task GivenNoToken_WhenPostingABatch_Then401()
    {
        var batch = new JsonObject { ["resourceType"] = "Bundle", ["type"] = "batch", ["entry"] = new JsonArray(Get("Claim/c1")) };

        (await _sandbox.SendFhirAsync(HttpMethod.Post, "", null, batch)).Status.ShouldBe(401);
    }

    [Fact]
    public async Task GivenStrictHandling_WhenSearchingWithAnUnknownParameter_Then400()
    {
        var token = await TokenAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{_sandbox.FhirBase}/Claim?patient=p1&made-up=1");
        request.Headers.Authorization = new("Bearer", token);
        request.Headers.Add("Prefer", "handling=strict");

        using var response = await _sandbox.Http.SendAsync(request);

        ((int)response.StatusCode).ShouldBe(400);
    }

    private static JsonObject Get(string url) => new() { ["request"] = new JsonObject { ["method"] = "GET", ["url"] = url } };

    private async Task<string> TokenAsync() => (await _sandbox.Client().EhrLaunchAsync("p1")).AccessToken!;
}
