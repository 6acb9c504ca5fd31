using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FhirApp.SandboxEhr.Tests.Infrastructure;

namespace FhirApp.SandboxEhr.Tests;

/// <summary>
/// The sandbox's FHIR Bulk Data export, as strict as the IG: async kick-off, status polling, a manifest whose files need
/// the token and expire, 429 when busy, the error file, DELETE; and the test hooks the app's reliability tests drive.
/// </summary>
public sealed class BulkExportTests : IAsyncLifetime
{
    private readonly string _extra = Directory.CreateTempSubdirectory("sandbox-export-").FullName;
    private SandboxInstance? _sandbox;

    private SandboxInstance Sandbox => _sandbox!;

    public async Task InitializeAsync()
    {
        string[] lines =
        [
            Eob("exp-a", "p1", "2025-01-01T00:00:01.000Z"),
            Eob("exp-b", "p2", "2025-01-01T00:00:02.000Z"),
            Eob("exp-c", "p1", "2025-03-01T00:00:00.000Z"),
        ];
        await File.WriteAllTextAsync(Path.Combine(_extra, "eobs.ndjson"), string.Join('\n', lines));
        _sandbox = await SandboxInstance.StartAsync(
            $"--Sandbox:DataPaths:1={_extra}", "--Sandbox:Export:RetryAfterSeconds=0", "--Sandbox:Export:ResourcesPerFile=2",
            "--Sandbox:Export:Groups:clinic-a:0=p2");
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
    public async Task GivenASystemToken_WhenSearchingEobsWithoutAPatient_ThenRefusedUnlessTheRegistrationOptsIn()
    {
        var page = await Sandbox.GetFhirAsync("ExplanationOfBenefit?_sort=_lastUpdated", await SystemTokenAsync());

        page.Status.ShouldBe(403);
        page.Json!.ToJsonString().ShouldContain("$export");
    }

    [Fact]
    public async Task GivenAKickOffWithoutPreferRespondAsync_WhenExporting_Then400()
    {
        using var request = KickOff("Group/practice/$export?_type=ExplanationOfBenefit", await SystemTokenAsync(), prefer: false);
        using var response = await Sandbox.Http.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task GivenAGroupExportWithTypeAndSince_WhenPolledToTheEnd_ThenTheManifestListsTokenProtectedFilesOfOnlyTheGroupsNewerResources()
    {
        var token = await SystemTokenAsync();
        var status = await KickOffAsync("Group/clinic-a/$export?_type=ExplanationOfBenefit&_since=2025-01-01T00:00:01.500Z", token);

        var manifest = await PollAsync(status, token);

        manifest["requiresAccessToken"]!.GetValue<bool>().ShouldBeTrue();
        manifest["transactionTime"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        var output = manifest["output"]!.AsArray();
        output.Count.ShouldBe(1);
        var url = output[0]!["url"]!.GetValue<string>();
        using var anonymous = await Sandbox.Http.GetAsync(url);
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await DownloadAsync(url, token)).ShouldBe([Eob("exp-b", "p2", "2025-01-01T00:00:02.000Z")], ignoreOrder: false, customMessage: "p2's one EOB changed since the instant");
    }

    [Fact]
    public async Task GivenMoreResourcesThanOneFileHolds_WhenPatientExportCompletes_ThenTheTypeIsSplitOverSeveralFiles()
    {
        var token = await SystemTokenAsync();
        var manifest = await PollAsync(await KickOffAsync("Patient/$export?_type=ExplanationOfBenefit", token), token);

        var files = manifest["output"]!.AsArray().Select(f => f!["url"]!.GetValue<string>()).ToList();
        files.Count.ShouldBe(2);
        var ids = new List<string>();
        foreach (var file in files)
        {
            ids.AddRange((await DownloadAsync(file, token)).Select(l => JsonNode.Parse(l)!["id"]!.GetValue<string>()));
        }
        ids.ShouldBe(["eob1", "exp-a", "exp-b", "exp-c"], ignoreOrder: true); // eob1: the shared test data
    }

    [Fact]
    public async Task GivenASlowScenario_WhenPolling_ThenStatusIs202WithRetryAfterAndProgressUntilItCompletes()
    {
        await PostAsync("/_sandbox/export-scenarios", """[{"kind":"slow","polls":2}]""");
        var token = await SystemTokenAsync();
        var status = await KickOffAsync("Group/practice/$export?_type=ExplanationOfBenefit", token);
        await WaitForFilesAsync(status, token);

        var first = await GetAsync(status, token);
        var second = await GetAsync(status, token);
        var third = await GetAsync(status, token);

        first.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        first.Headers.RetryAfter.ShouldNotBeNull();
        first.Headers.GetValues("X-Progress").Single().ShouldNotBeNullOrEmpty();
        second.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        third.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task GivenTwoRunningExports_WhenAThirdIsKickedOff_ThenItIs429WithRetryAfter()
    {
        await PostAsync("/_sandbox/export-scenarios", """[{"kind":"slow","polls":50},{"kind":"slow","polls":50}]""");
        var token = await SystemTokenAsync();
        await KickOffAsync("Group/practice/$export", token);
        await KickOffAsync("Group/practice/$export", token);

        using var request = KickOff("Group/practice/$export", token);
        using var third = await Sandbox.Http.SendAsync(request);

        third.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        third.Headers.RetryAfter.ShouldNotBeNull();
    }

    [Fact]
    public async Task GivenAPartialScenario_WhenTheExportCompletes_ThenTheLeftOutResourceIsNamedInTheErrorFileAsAnOperationOutcome()
    {
        await PostAsync("/_sandbox/export-scenarios", """[{"kind":"partial","count":1}]""");
        var token = await SystemTokenAsync();
        var manifest = await PollAsync(await KickOffAsync("Group/practice/$export?_type=ExplanationOfBenefit", token), token);

        var errors = manifest["error"]!.AsArray();
        errors.Count.ShouldBe(1);
        errors[0]!["type"]!.GetValue<string>().ShouldBe("OperationOutcome");
        var outcome = JsonNode.Parse((await DownloadAsync(errors[0]!["url"]!.GetValue<string>(), token)).Single())!;
        outcome["resourceType"]!.GetValue<string>().ShouldBe("OperationOutcome");
        outcome["issue"]![0]!["diagnostics"]!.GetValue<string>().ShouldContain("ExplanationOfBenefit/eob1"); // the first in load order
        manifest["output"]!.AsArray().Sum(f => f!["count"]!.GetValue<int>()).ShouldBe(3);
    }

    [Fact]
    public async Task GivenAFailScenario_WhenPolled_ThenTheStatusIs500WithAnOperationOutcome()
    {
        await PostAsync("/_sandbox/export-scenarios", """[{"kind":"fail"}]""");
        var token = await SystemTokenAsync();
        var status = await KickOffAsync("Group/practice/$export", token);
        await WaitForFilesAsync(status, token);

        using var response = await GetAsync(status, token);

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        (await response.Content.ReadAsStringAsync()).ShouldContain("OperationOutcome");
    }

    [Fact]
    public async Task GivenA5xxFaultOnTheStatusUrl_WhenPolledAgain_ThenTheJobIsStillThere()
    {
        var token = await SystemTokenAsync();
        var status = await KickOffAsync("Group/practice/$export", token);
        await PostAsync("/_sandbox/faults", """[{"kind":"status","status":503,"retryAfterSeconds":1,"pathPrefix":"/fhir/$export-status"}]""");

        using var failed = await GetAsync(status, token);
        var manifest = await PollAsync(status, token);

        failed.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        manifest["output"]!.AsArray().ShouldNotBeEmpty();
    }

    [Fact]
    public async Task GivenExpiredFiles_WhenDownloading_Then410()
    {
        var token = await SystemTokenAsync();
        var manifest = await PollAsync(await KickOffAsync("Group/practice/$export", token), token);
        await PostAsync("/_sandbox/export/expire-files", "{}");

        using var request = new HttpRequestMessage(HttpMethod.Get, manifest["output"]![0]!["url"]!.GetValue<string>());
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Sandbox.Http.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Gone);
    }

    [Fact]
    public async Task GivenADeletedJob_WhenPolledOrItsFilesFetched_ThenNotFound()
    {
        var token = await SystemTokenAsync();
        var status = await KickOffAsync("Group/practice/$export", token);
        var manifest = await PollAsync(status, token);

        using var delete = new HttpRequestMessage(HttpMethod.Delete, status);
        delete.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var deleted = await Sandbox.Http.SendAsync(delete);
        using var after = await GetAsync(status, token);
        using var file = new HttpRequestMessage(HttpMethod.Get, manifest["output"]![0]!["url"]!.GetValue<string>());
        file.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var fileAfter = await Sandbox.Http.SendAsync(file);

        deleted.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        after.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        fileAfter.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GivenTheCapabilityStatement_WhenRead_ThenGroupAndPatientOfferExport()
    {
        var metadata = await Sandbox.GetFhirAsync("metadata", accessToken: null);

        var resources = metadata.Json!["rest"]![0]!["resource"]!.AsArray();
        foreach (var type in new[] { "Group", "Patient" })
        {
            resources.Single(r => r!["type"]!.GetValue<string>() == type)!["operation"]!.AsArray()
                .ShouldContain(o => o!["name"]!.GetValue<string>() == "export");
        }
    }

    private HttpRequestMessage KickOff(string path, string token, bool prefer = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"{Sandbox.FhirBase}/{path}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.ParseAdd("application/fhir+json");
        if (prefer)
        {
            request.Headers.Add("Prefer", "respond-async");
        }
        return request;
    }

    private async Task<string> KickOffAsync(string path, string token)
    {
        using var request = KickOff(path, token);
        using var response = await Sandbox.Http.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return response.Content.Headers.ContentLocation?.ToString() ?? response.Headers.GetValues("Content-Location").Single();
    }

    private async Task<HttpResponseMessage> GetAsync(string url, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Sandbox.Http.SendAsync(request);
    }

    /// <summary>Waits (by yielding, bounded) until the background writer has finished, without counting a poll.</summary>
    private async Task WaitForFilesAsync(string status, string token)
    {
        var store = (Fhir.Export.ExportJobStore)Sandbox.App.Services.GetService(typeof(Fhir.Export.ExportJobStore))!;
        var id = status[(status.LastIndexOf('/') + 1)..];
        for (var i = 0; i < 10_000 && store.Find(id, SandboxInstance.ClientId) is { FilesWritten: false }; i++)
        {
            await Task.Yield();
        }
        _ = token;
    }

    private async Task<JsonNode> PollAsync(string status, string token)
    {
        for (var attempt = 0; attempt < 10_000; attempt++)
        {
            using var response = await GetAsync(status, token);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            }
            if (response.StatusCode is not (HttpStatusCode.Accepted or HttpStatusCode.ServiceUnavailable))
            {
                throw new InvalidOperationException($"Status answered {(int)response.StatusCode}.");
            }
            await Task.Yield(); // Retry-After is 0 in these tests; the writer runs on another thread
        }
        throw new InvalidOperationException("The export never completed.");
    }

    private async Task<List<string>> DownloadAsync(string url, string token)
    {
        using var response = await GetAsync(url, token);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/fhir+ndjson");
        return [.. (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    private async Task PostAsync(string path, string json)
    {
        using var response = await Sandbox.Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        response.IsSuccessStatusCode.ShouldBeTrue();
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

    private static string Eob(string id, string patient, string lastUpdated) =>
        $$$"""{"resourceType":"ExplanationOfBenefit","id":"{{{id}}}","meta":{"versionId":"1","lastUpdated":"{{{lastUpdated}}}"},"status":"active","use":"claim","outcome":"complete","patient":{"reference":"Patient/{{{patient}}}"},"created":"2025-01-01","insurer":{"reference":"Organization/org-payer"},"provider":{"reference":"Practitioner/pr-susan-patel"}}""";
}
