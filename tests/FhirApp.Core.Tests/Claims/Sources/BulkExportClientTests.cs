using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FhirApp.Core.Claims.Sources.Bulk;
using Microsoft.Extensions.Time.Testing;

namespace FhirApp.Core.Tests.Claims.Sources;

/// <summary>The Bulk Data protocol client on a fake clock: Retry-After and X-Progress, limits, the error files, foreign URLs.</summary>
public sealed class BulkExportClientTests : IDisposable
{
    private static readonly Uri Base = new("https://ehr.example/fhir/");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
    private readonly string _dir = Directory.CreateTempSubdirectory("bulk-client-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task GivenA202WithRetryAfter30_WhenWaiting_ThenTheNextPollComesOnlyAfter30SecondsOfTheClockAndProgressIsReported()
    {
        var api = new ScriptedApi(
            () => Accepted(retryAfter: 30, progress: "Preparing: 40%"),
            () => Manifest("""{"transactionTime":"2026-12-07T08:59:00Z","requiresAccessToken":true,"output":[],"error":[]}"""));
        var progress = new List<string?>();
        var client = new BulkExportClient(api, Base, new BulkExportLimits(), _clock);

        var waiting = client.WaitAsync(new Uri(Base, "$export-status/1"), p => { progress.Add(p); return Task.CompletedTask; }, CancellationToken.None);
        await Settle(waiting);
        _clock.Advance(TimeSpan.FromSeconds(29));
        await Settle(waiting);
        var pollsBefore = api.Calls;
        _clock.Advance(TimeSpan.FromSeconds(1));
        var manifest = await waiting;

        pollsBefore.ShouldBe(1);
        api.Calls.ShouldBe(2);
        progress.ShouldBe(["Preparing: 40%"]);
        manifest.TransactionTime.ShouldBe(new DateTimeOffset(2026, 12, 7, 8, 59, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task GivenAnExportStillRunningPastTheLimit_WhenWaiting_ThenItFailsWithoutLosingTheJob()
    {
        var api = new ScriptedApi(() => Accepted(retryAfter: 600, progress: null));
        var client = new BulkExportClient(api, Base, new BulkExportLimits { MaxWaitSeconds = 300 }, _clock);

        var failure = await Should.ThrowAsync<BulkExportException>(() =>
            client.WaitAsync(new Uri(Base, "$export-status/1"), _ => Task.CompletedTask, CancellationToken.None));

        failure.Gone.ShouldBeFalse();
        failure.Message.ShouldContain("MaxWaitSeconds");
    }

    [Fact]
    public async Task GivenAManifestWithMoreFilesThanTheLimit_WhenPolled_ThenItFailsNamingTheSetting()
    {
        var api = new ScriptedApi(() => Manifest("""{"transactionTime":"2026-12-07T08:59:00Z","output":[{"type":"ExplanationOfBenefit","url":"https://ehr.example/f/1"},{"type":"ExplanationOfBenefit","url":"https://ehr.example/f/2"}]}"""));
        var client = new BulkExportClient(api, Base, new BulkExportLimits { MaxFiles = 1 }, _clock);

        var failure = await Should.ThrowAsync<BulkExportException>(() => client.PollAsync(new Uri(Base, "$export-status/1"), CancellationToken.None));

        failure.Message.ShouldContain("MaxFiles");
    }

    [Fact]
    public async Task GivenAFileLargerThanTheLimit_WhenDownloading_ThenItStopsAtTheLimitAndLeavesNoFile()
    {
        var api = new ScriptedApi(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new MemoryStream(new byte[5000])) });
        var client = new BulkExportClient(api, Base, new BulkExportLimits { MaxFileBytes = 1000 }, _clock);
        var path = Path.Combine(_dir, "big.ndjson");

        var failure = await Should.ThrowAsync<BulkExportException>(() => client.DownloadAsync("https://ehr.example/fhir/f/1", path, CancellationToken.None));

        failure.Message.ShouldContain("MaxFileBytes");
        File.Exists(path).ShouldBeFalse();
    }

    [Fact]
    public async Task GivenAnExpiredFileUrl_WhenDownloading_ThenTheFailureSaysTheExportIsGone()
    {
        var api = new ScriptedApi(() => new HttpResponseMessage(HttpStatusCode.Gone));
        var client = new BulkExportClient(api, Base, new BulkExportLimits(), _clock);

        var failure = await Should.ThrowAsync<BulkExportException>(() => client.DownloadAsync("https://ehr.example/fhir/f/1", Path.Combine(_dir, "f"), CancellationToken.None));

        failure.Gone.ShouldBeTrue();
    }

    [Fact]
    public async Task GivenAFileUrlOnAnotherOrigin_WhenDownloading_ThenTheTokenIsNotSentThere()
    {
        var api = new ScriptedApi();
        var client = new BulkExportClient(api, Base, new BulkExportLimits(), _clock);

        await Should.ThrowAsync<BulkExportException>(() => client.DownloadAsync("https://elsewhere.example/f/1", Path.Combine(_dir, "f"), CancellationToken.None));

        api.Calls.ShouldBe(0);
    }

    [Fact]
    public void GivenAnErrorFile_WhenRead_ThenEachOperationOutcomeIssueNamesItsResourceAndCode()
    {
        var path = Path.Combine(_dir, "errors.ndjson");
        File.WriteAllLines(path,
        [
            """{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"exception","diagnostics":"ExplanationOfBenefit/eob-7 could not be exported"}]}""",
            """{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"processing","expression":["ClaimResponse/cr-2"]}]}""",
            """{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"too-costly","diagnostics":"The export was too large"}]}""",
            "not json",
        ]);

        var errors = BulkExportClient.ReadErrors(path).ToList();

        errors.ShouldBe(
        [
            new BulkExportError("ExplanationOfBenefit", "eob-7", "exception"),
            new BulkExportError("ClaimResponse", "cr-2", "processing"),
            new BulkExportError(null, null, "too-costly"),
            new BulkExportError(null, null, "unreadable"),
        ]);
    }

    /// <summary>Lets the awaited continuations run (no wall clock: the fake clock has not moved).</summary>
    private static async Task Settle(Task task)
    {
        for (var i = 0; i < 50 && !task.IsCompleted; i++)
        {
            await Task.Yield();
        }
    }

    private static HttpResponseMessage Accepted(int retryAfter, string? progress)
    {
        var response = new HttpResponseMessage(HttpStatusCode.Accepted);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(retryAfter));
        if (progress is not null)
        {
            response.Headers.Add("X-Progress", progress);
        }
        return response;
    }

    private static HttpResponseMessage Manifest(string json) =>
        new(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private sealed class ScriptedApi(params Func<HttpResponseMessage>[] answers) : IBulkDataApi
    {
        public int Calls { get; private set; }

        private Task<HttpResponseMessage> Next() => Task.FromResult(answers[Math.Min(Calls++, answers.Length - 1)]());

        public Task<HttpResponseMessage> KickOffAsync(string path, IDictionary<string, string> parameters, CancellationToken ct) => Next();

        public Task<HttpResponseMessage> StatusAsync(string path, IDictionary<string, string> query, CancellationToken ct) => Next();

        public Task<HttpResponseMessage> DeleteAsync(string path, IDictionary<string, string> query, CancellationToken ct) => Next();

        public Task<HttpResponseMessage> DownloadAsync(string path, IDictionary<string, string> query, CancellationToken ct) => Next();
    }
}
