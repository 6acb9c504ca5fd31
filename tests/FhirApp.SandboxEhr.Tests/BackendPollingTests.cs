using System.Text;
using System.Text.Json;
using FhirApp.SandboxEhr.Tests.Infrastructure;

namespace FhirApp.SandboxEhr.Tests;

/// <summary>
/// What an incremental Backend Services poller needs from the EHR: system/ scopes across patients, `_lastUpdated=ge`,
/// `_sort=_lastUpdated` and paging; and the fault injection its reliability tests drive (/_sandbox/faults).
/// </summary>
public sealed class BackendPollingTests : IAsyncLifetime
{
    private readonly string _extra = Directory.CreateTempSubdirectory("sandbox-eobs-").FullName;
    private SandboxInstance? _sandbox;

    private SandboxInstance Sandbox => _sandbox!;

    public async Task InitializeAsync()
    {
        // Five EOBs over two patients; b and c share an instant.
        string[] lines =
        [
            Eob("poll-a", "p1", "2025-01-01T00:00:01.000Z"),
            Eob("poll-b", "p2", "2025-01-01T00:00:02.000Z"),
            Eob("poll-c", "p1", "2025-01-01T00:00:02.000Z"),
            Eob("poll-d", "p2", "2025-01-01T00:00:03.500Z"),
            Eob("poll-e", "p1", "2025-01-01T00:00:04.000Z"),
        ];
        await File.WriteAllTextAsync(Path.Combine(_extra, "eobs.ndjson"), string.Join('\n', lines));
        // The system-wide claims search is a per-client option, off by default: this client's registration opts in.
        _sandbox = await SandboxInstance.StartAsync($"--Sandbox:DataPaths:1={_extra}", "--Sandbox:Clients:0:AllowSystemClaimsSearch=true");
    }

    public async Task DisposeAsync()
    {
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }
        Directory.Delete(_extra, recursive: true);
    }

    [Fact]
    public async Task GivenSystemToken_WhenSearchingEobsSinceAnInstantSortedWithPaging_ThenEveryPatientsEobsComeInOrderAcrossPages()
    {
        var token = await SystemTokenAsync();

        var ids = new List<string>();
        var url = "ExplanationOfBenefit?_lastUpdated=ge2025-01-01T00:00:02.000Z&_lastUpdated=lt2025-02-01&_sort=_lastUpdated&_count=2";
        var pages = 0;
        while (url is not null)
        {
            var page = await Sandbox.GetFhirAsync(url, token);
            page.Status.ShouldBe(200);
            ids.AddRange(page.EntryReferences("match"));
            url = page.NextLink;
            pages++;
        }

        ids.ShouldBe(["ExplanationOfBenefit/poll-b", "ExplanationOfBenefit/poll-c", "ExplanationOfBenefit/poll-d", "ExplanationOfBenefit/poll-e"]);
        pages.ShouldBe(2);
    }

    [Fact]
    public async Task GivenSystemToken_WhenSearchingClaimResponsesAcrossPatients_ThenAllowed()
    {
        var page = await Sandbox.GetFhirAsync("ClaimResponse?_sort=_lastUpdated", await SystemTokenAsync());

        page.Status.ShouldBe(200);
    }

    [Fact]
    public async Task GivenA429FaultAfterOneRequest_WhenPolling_ThenTheSecondRequestGets429WithRetryAfterAndTheThirdSucceeds()
    {
        var token = await SystemTokenAsync();
        await PostFaultsAsync("""[{"kind":"status","status":429,"retryAfterSeconds":2,"after":1,"times":1,"pathPrefix":"/fhir/ExplanationOfBenefit"}]""");

        var first = await Sandbox.GetFhirAsync("ExplanationOfBenefit?_sort=_lastUpdated", token);
        var second = await Sandbox.GetFhirAsync("ExplanationOfBenefit?_sort=_lastUpdated", token);
        var third = await Sandbox.GetFhirAsync("ExplanationOfBenefit?_sort=_lastUpdated", token);

        first.Status.ShouldBe(200);
        second.Status.ShouldBe(429);
        second.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(2));
        third.Status.ShouldBe(200);
    }

    [Fact]
    public async Task GivenAMalformFault_WhenTheResourceIsSearchedOrRead_ThenOnlyItIsUnreadableUntilTheFaultIsCleared()
    {
        var token = await SystemTokenAsync();
        await PostFaultsAsync("""[{"kind":"malform","resourceId":"poll-c","times":0}]""");

        var search = await Sandbox.GetFhirAsync("ExplanationOfBenefit?_sort=_lastUpdated", token);
        var read = await Sandbox.GetFhirAsync("ExplanationOfBenefit/poll-c", token);
        using var clear = await Sandbox.Http.DeleteAsync("/_sandbox/faults");
        var after = await Sandbox.GetFhirAsync("ExplanationOfBenefit/poll-c", token);

        var statuses = search.Entries.ToDictionary(e => (string)e!["resource"]!["id"]!, e => e!["resource"]!["status"]!.GetValueKind());
        statuses["poll-c"].ShouldBe(JsonValueKind.Object);
        statuses["poll-b"].ShouldBe(JsonValueKind.String);
        read.Json!["status"]!.GetValueKind().ShouldBe(JsonValueKind.Object);
        after.Json!["status"]!.GetValue<string>().ShouldBe("active");
    }

    [Fact]
    public async Task GivenADelayFault_WhenSearching_ThenTheAnswerIsLate()
    {
        var token = await SystemTokenAsync();
        await PostFaultsAsync("""[{"kind":"delay","delayMilliseconds":700}]""");

        var started = System.Diagnostics.Stopwatch.StartNew();
        var page = await Sandbox.GetFhirAsync("ExplanationOfBenefit", token);

        page.Status.ShouldBe(200);
        started.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(650));
    }

    private async Task<string> SystemTokenAsync()
    {
        var token = await Sandbox.Client().TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = "system/ExplanationOfBenefit.rs system/ClaimResponse.rs",
        });
        token.Status.ShouldBe(200);
        return token.AccessToken!;
    }

    private async Task PostFaultsAsync(string json)
    {
        using var response = await Sandbox.Http.PostAsync("/_sandbox/faults", new StringContent(json, Encoding.UTF8, "application/json"));
        ((int)response.StatusCode).ShouldBe(204);
    }

    private static string Eob(string id, string patient, string lastUpdated) =>
        $$$"""{"resourceType":"ExplanationOfBenefit","id":"{{{id}}}","meta":{"versionId":"1","lastUpdated":"{{{lastUpdated}}}"},"status":"active","use":"claim","outcome":"complete","patient":{"reference":"Patient/{{{patient}}}"},"created":"2025-01-01","insurer":{"reference":"Organization/org-payer"},"provider":{"reference":"Practitioner/pr-susan-patel"}}""";
}
