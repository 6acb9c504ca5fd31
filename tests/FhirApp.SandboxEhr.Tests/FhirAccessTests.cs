using System.Text.Json.Nodes;
using FhirApp.SandboxEhr.Tests.Infrastructure;

namespace FhirApp.SandboxEhr.Tests;

public sealed class FhirAccessTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly SandboxInstance _sandbox = fixture.Sandbox;

    [Fact]
    public async Task GivenNoToken_WhenReadingMetadata_ThenTheCapabilityStatementAdvertisesSmartAndBatch()
    {
        var result = await _sandbox.GetFhirAsync("metadata", accessToken: null);

        result.Status.ShouldBe(200);
        result.ContentType.ShouldBe("application/fhir+json");
        var rest = result.Json!["rest"]![0]!;
        var oauth = rest["security"]!["extension"]![0]!;
        ((string?)oauth["url"]).ShouldBe("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris");
        oauth["extension"]!.AsArray().Select(e => (string?)e!["valueUri"]).ShouldContain(_sandbox.TokenEndpoint);
        ((string?)rest["interaction"]![0]!["code"]).ShouldBe("batch");
        rest["resource"]!.AsArray().Select(r => (string?)r!["type"]).ShouldContain("ExplanationOfBenefit");
    }

    [Fact]
    public async Task GivenNoToken_WhenReadingAResource_Then401WithBearerChallenge()
    {
        var result = await _sandbox.GetFhirAsync("Claim/c1", accessToken: null);

        result.Status.ShouldBe(401);
        result.Headers.WwwAuthenticate.Single().Scheme.ShouldBe("Bearer");
        ((string?)result.Json!["resourceType"]).ShouldBe("OperationOutcome");
    }

    [Fact]
    public async Task GivenAForgedToken_WhenSearching_Then401WithInvalidTokenError()
    {
        var result = await _sandbox.GetFhirAsync("Claim?patient=p1", accessToken: "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");

        result.Status.ShouldBe(401);
        result.Headers.WwwAuthenticate.Single().Parameter.ShouldNotBeNull().ShouldContain("invalid_token");
    }

    [Fact]
    public async Task GivenATokenWithoutClaimScopes_WhenSearchingClaims_Then403()
    {
        var token = await _sandbox.Client().EhrLaunchAsync("p1", scope: "launch patient/Coverage.rs");

        var result = await _sandbox.GetFhirAsync("Claim?patient=p1", token.AccessToken);

        result.Status.ShouldBe(403);
        ((string?)result.Json!["resourceType"]).ShouldBe("OperationOutcome");
    }

    [Fact]
    public async Task GivenAReadOnlyScope_WhenSearching_Then403ButReadingWorks()
    {
        var token = await _sandbox.Client().EhrLaunchAsync("p1", scope: "launch patient/Claim.r");

        (await _sandbox.GetFhirAsync("Claim?patient=p1", token.AccessToken)).Status.ShouldBe(403);
        (await _sandbox.GetFhirAsync("Claim/c1", token.AccessToken)).Status.ShouldBe(200);
    }

    [Fact]
    public async Task GivenAV1ReadScope_WhenSearchingAndReading_ThenBothWork()
    {
        var token = await _sandbox.Client().EhrLaunchAsync("p1", scope: "launch patient/Claim.read");

        (await _sandbox.GetFhirAsync("Claim?patient=p1", token.AccessToken)).Status.ShouldBe(200);
        (await _sandbox.GetFhirAsync("Claim/c1", token.AccessToken)).Status.ShouldBe(200);
    }

    [Fact]
    public async Task GivenAPatientToken_WhenReadingAnotherPatientsClaim_Then403()
    {
        var token = await _sandbox.Client().EhrLaunchAsync("p1");

        (await _sandbox.GetFhirAsync("Claim/c9", token.AccessToken)).Status.ShouldBe(403);
        (await _sandbox.GetFhirAsync("Patient/p2", token.AccessToken)).Status.ShouldBe(403);
        (await _sandbox.GetFhirAsync("Patient/p1", token.AccessToken)).Status.ShouldBe(200);
    }

    [Theory]
    [InlineData("Claim?patient=p2")]
    [InlineData("Claim")]
    [InlineData("Claim?_id=c1")]
    [InlineData("Patient")]
    [InlineData("Claim?patient=p1,p2")]
    public async Task GivenAPatientToken_WhenASearchDoesNotNameItsPatient_Then403(string search)
    {
        var token = await _sandbox.Client().EhrLaunchAsync("p1");

        var result = await _sandbox.GetFhirAsync(search, token.AccessToken);

        result.Status.ShouldBe(403);
    }

    [Theory]
    [InlineData("Claim?patient=p1")]
    [InlineData("Claim?patient=Patient/p1")]
    [InlineData("Patient?_id=p1")]
    [InlineData("Coverage?beneficiary=Patient/p1")]
    public async Task GivenAPatientToken_WhenASearchNamesItsPatient_Then200(string search)
    {
        var token = await _sandbox.Client().EhrLaunchAsync("p1", scope: "launch patient/Patient.rs patient/Claim.rs patient/Coverage.rs");

        (await _sandbox.GetFhirAsync(search, token.AccessToken)).Status.ShouldBe(200);
    }

    [Fact]
    public async Task GivenAPatientToken_WhenReadingPractitionerAndOrganization_ThenTheyAreReadable()
    {
        var token = await _sandbox.Client().EhrLaunchAsync("p1", scope: "launch patient/Claim.rs");

        (await _sandbox.GetFhirAsync("Practitioner/pr-susan-patel", token.AccessToken)).Status.ShouldBe(200);
        (await _sandbox.GetFhirAsync("Organization/org-payer", token.AccessToken)).Status.ShouldBe(200);
    }

    [Fact]
    public async Task GivenALoadedResource_WhenRead_ThenItIsServedAsLoadedWithMeta()
    {
        var token = await _sandbox.Client().EhrLaunchAsync("p1");

        var result = await _sandbox.GetFhirAsync("Claim/c1", token.AccessToken);

        result.Status.ShouldBe(200);
        ((string?)result.Json!["x-unknown-element"]).ShouldBe("kept");
        ((string?)result.Json["meta"]!["lastUpdated"]).ShouldBe("2024-01-10T00:00:00Z");
        ((string?)result.Json["meta"]!["versionId"]).ShouldBe("1");
        result.Headers.ETag!.Tag.ShouldBe("\"1\"");
        var coverage = await _sandbox.GetFhirAsync("Coverage/cov1", token.AccessToken);
        ((string?)coverage.Json!["meta"]!["lastUpdated"]).ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task GivenAnUnknownId_WhenRead_Then404OperationOutcome()
    {
        var token = await _sandbox.Client().EhrLaunchAsync("p1");

        var result = await _sandbox.GetFhirAsync("Claim/nope", token.AccessToken);

        result.Status.ShouldBe(404);
        ((string?)result.Json!["resourceType"]).ShouldBe("OperationOutcome");
    }

    [Fact]
    public async Task GivenAUserScopeToken_WhenSearchingAnyPatient_Then200()
    {
        var token = await _sandbox.Client().EhrLaunchAsync("p1", scope: "launch user/Claim.rs");

        var result = await _sandbox.GetFhirAsync("Claim?patient=p2", token.AccessToken);

        result.Status.ShouldBe(200);
        result.EntryReferences("match").ShouldBe(["Claim/c9"]);
    }

    [Fact]
    public async Task GivenWriteScopes_WhenCreatingAndUpdatingATask_ThenIdAndVersionsAreAssigned()
    {
        var token = await _sandbox.Client().EhrLaunchAsync("p1", scope: "launch patient/Task.cru");
        var task = new JsonObject { ["resourceType"] = "Task", ["status"] = "requested", ["intent"] = "order", ["for"] = new JsonObject { ["reference"] = "Patient/p1" } };

        var created = await _sandbox.SendFhirAsync(HttpMethod.Post, "Task", token.AccessToken, task);
        var id = (string)created.Json!["id"]!;
        created.Json["status"] = "completed";
        var updated = await _sandbox.SendFhirAsync(HttpMethod.Put, $"Task/{id}", token.AccessToken, created.Json);

        created.Status.ShouldBe(201);
        created.Headers.Location!.ToString().ShouldStartWith($"{_sandbox.FhirBase}/Task/{id}");
        updated.Status.ShouldBe(200);
        ((string?)updated.Json!["meta"]!["versionId"]).ShouldBe("2");
        ((string?)(await _sandbox.GetFhirAsync($"Task/{id}", token.AccessToken)).Json!["status"]).ShouldBe("completed");
    }

    [Fact]
    public async Task GivenACreateThatCarriesItsOwnId_WhenPosted_Then400AndNothingStored()
    {
        var token = await _sandbox.Client().EhrLaunchAsync("p1", scope: "launch patient/Task.crus");
        var task = NewTask("own-id-1");
        task["id"] = "my-own-id";

        var created = await _sandbox.SendFhirAsync(HttpMethod.Post, "Task", token.AccessToken, task);

        created.Status.ShouldBe(400);
        (await _sandbox.GetFhirAsync("Task?identifier=urn:test|own-id-1&patient=p1", token.AccessToken)).Json!["total"]!.GetValue<int>().ShouldBe(0);
        (await _sandbox.GetFhirAsync("Task/my-own-id", token.AccessToken)).Status.ShouldBe(404);
    }

    [Fact]
    public async Task GivenAConditionalCreate_WhenPostedTwice_ThenOneResourceAndTheSecondAnswerIsTheFirst()
    {
        var token = await _sandbox.Client().EhrLaunchAsync("p1", scope: "launch patient/Task.crus");

        var first = await SendConditionalAsync(token.AccessToken!, NewTask("retry-1"), "identifier=urn:test|retry-1");
        var second = await SendConditionalAsync(token.AccessToken!, NewTask("retry-1"), "identifier=urn%3Atest%7Cretry-1");

        first.Status.ShouldBe(201);
        second.Status.ShouldBe(200);
        ((string?)second.Json!["id"]).ShouldBe((string?)first.Json!["id"]);
        second.Headers.Location!.ToString().ShouldStartWith($"{_sandbox.FhirBase}/Task/{(string?)first.Json["id"]}");
        (await _sandbox.GetFhirAsync("Task?identifier=urn:test|retry-1&patient=p1", token.AccessToken)).Json!["total"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task GivenAConditionOnSomethingButAnIdentifier_WhenPosted_Then400()
    {
        var token = await _sandbox.Client().EhrLaunchAsync("p1", scope: "launch patient/Task.crus");

        (await SendConditionalAsync(token.AccessToken!, NewTask("cond-2"), "status=requested")).Status.ShouldBe(400);
    }

    [Fact]
    public async Task GivenPreferReturnMinimal_WhenCreating_Then201WithLocationAndNoBody()
    {
        var token = await _sandbox.Client().EhrLaunchAsync("p1", scope: "launch patient/Task.crus");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{_sandbox.FhirBase}/Task")
        {
            Content = new StringContent(NewTask("minimal-1").ToJsonString(), System.Text.Encoding.UTF8, "application/fhir+json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.AccessToken);
        request.Headers.Add("Prefer", "return=minimal");

        using var response = await _sandbox.Http.SendAsync(request);

        ((int)response.StatusCode).ShouldBe(201);
        (await response.Content.ReadAsStringAsync()).ShouldBeEmpty();
        response.Headers.Location!.ToString().ShouldStartWith($"{_sandbox.FhirBase}/Task/");
    }

    private async Task<FhirResult> SendConditionalAsync(string accessToken, JsonObject resource, string condition)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{_sandbox.FhirBase}/{(string?)resource["resourceType"]}")
        {
            Content = new StringContent(resource.ToJsonString(), System.Text.Encoding.UTF8, "application/fhir+json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.TryAddWithoutValidation("If-None-Exist", condition);
        using var response = await _sandbox.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new FhirResult((int)response.StatusCode, text.StartsWith('{') ? JsonNode.Parse(text) as JsonObject : null, response.Headers, response.Content.Headers.ContentType?.MediaType);
    }

    private static JsonObject NewTask(string identifier) => new()
    {
        ["resourceType"] = "Task",
        ["identifier"] = new JsonArray(new JsonObject { ["system"] = "urn:test", ["value"] = identifier }),
        ["status"] = "requested",
        ["intent"] = "order",
        ["for"] = new JsonObject { ["reference"] = "Patient/p1" },
    };

    [Fact]
    public async Task GivenOnlyReadScopes_WhenCreatingATask_Then403()
    {
        var token = await _sandbox.Client().EhrLaunchAsync("p1", scope: "launch patient/Task.rs");
        var task = new JsonObject { ["resourceType"] = "Task", ["status"] = "requested", ["for"] = new JsonObject { ["reference"] = "Patient/p1" } };

        (await _sandbox.SendFhirAsync(HttpMethod.Post, "Task", token.AccessToken, task)).Status.ShouldBe(403);
    }

    [Fact]
    public async Task GivenAPatientToken_WhenCreatingATaskForAnotherPatient_Then403()
    {
        var token = await _sandbox.Client().EhrLaunchAsync("p1", scope: "launch patient/Task.write");
        var task = new JsonObject { ["resourceType"] = "Task", ["status"] = "requested", ["for"] = new JsonObject { ["reference"] = "Patient/p2" } };

        (await _sandbox.SendFhirAsync(HttpMethod.Post, "Task", token.AccessToken, task)).Status.ShouldBe(403);
    }

    [Fact]
    public async Task GivenAReadOnlyType_WhenCreating_Then405()
    {
        var token = await _sandbox.Client().EhrLaunchAsync("p1", scope: "launch user/*.cruds");

        var result = await _sandbox.SendFhirAsync(HttpMethod.Post, "Patient", token.AccessToken, new JsonObject { ["resourceType"] = "Patient" });

        result.Status.ShouldBe(405);
    }
}
