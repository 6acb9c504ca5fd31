using System.Text;
using FhirApp.Core.Data;
using FhirApp.Core.Denials.Intake;
using FhirApp.IntegrationTests.Infrastructure;
using FhirApp.Web.Jobs;
using FhirApp.Web.Jobs.Export;
using FhirApp.Web.Smart;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FhirApp.IntegrationTests.Jobs;

/// <summary>
/// The adjudication poll over FHIR Bulk Data $export against the sandbox: the mode chosen from its CapabilityStatement,
/// resume after a crash mid-file, 429/5xx while polling, an expired file URL, the error file, and two racing runs.
/// </summary>
public sealed class BulkExportPollTests
{
    [Fact]
    public async Task GivenAnEhrOfferingExport_WhenPolledTwice_ThenEveryAdjudicationIsStoredOnceTheCheckpointIsTheTransactionTimeAndTheJobIsDeleted()
    {
        var env = new ExportJobsEnvironment();
        await env.InitializeAsync();
        try
        {
            var first = await RunPollAsync(env);

            (await RunAsync(env, first.RunId)).Outcome.ShouldBe(JobRunOutcome.Succeeded);
            var server = await ServerSetAsync(env);
            env.Sink.StoredSet.ShouldBe(server, ignoreOrder: true);
            var choice = await ChoiceAsync(env);
            choice!.Mode.ShouldBe(IntakeMode.BulkExport);
            var checkpoint = await ExportCheckpointAsync(env);
            checkpoint.LastUpdated.ShouldNotBeNull();
            BulkExportState.Parse(checkpoint.SeenAtLastUpdated).StatusUrl.ShouldBeNull();
            var journal = await env.SandboxJournalAsync();
            journal.Count(e => Path(e).EndsWith("$export", StringComparison.Ordinal)).ShouldBe(1);
            journal.Count(e => Method(e) == "DELETE" && Path(e).Contains("$export-status", StringComparison.Ordinal)).ShouldBe(1);
            var kickOff = journal.Single(e => Path(e).EndsWith("$export", StringComparison.Ordinal));
            kickOff.GetProperty("queryString").GetString()!.ShouldNotContain("_since"); // the first export takes everything

            var second = await RunPollAsync(env);

            (await RunAsync(env, second.RunId)).Outcome.ShouldBe(JobRunOutcome.Succeeded);
            var secondKickOff = (await env.SandboxJournalAsync()).Last(e => Path(e).EndsWith("$export", StringComparison.Ordinal));
            secondKickOff.GetProperty("queryString").GetString()!.ShouldContain("_since="); // incremental from the transactionTime
            env.Sink.Deliveries.Values.ShouldAllBe(n => n == 1);
        }
        finally
        {
            await env.DisposeAsync();
        }
    }

    [Fact]
    public async Task GivenACrashMidFile_WhenTheAppRunsAgain_ThenItResumesTheSameExportAndNothingIsLostOrStoredTwice()
    {
        var env = new ExportJobsEnvironment();
        await env.InitializeAsync();
        try
        {
            // Files of 25 lines, pages of 10: the crash comes on the second page of the first file.
            env.Sink.FailAfterPages = 2;
            var crashed = await RunPollAsync(env);
            (await RunAsync(env, crashed.RunId)).Outcome.ShouldBe(JobRunOutcome.Failed);
            var state = BulkExportState.Parse((await ExportCheckpointAsync(env)).SeenAtLastUpdated);
            state.StatusUrl.ShouldNotBeNull(); // kept: the next run resumes this export
            state.LinesDone.ShouldBe(10);

            var resumed = await RunPollAsync(env);

            (await RunAsync(env, resumed.RunId)).Outcome.ShouldBe(JobRunOutcome.Succeeded);
            var journal = await env.SandboxJournalAsync();
            journal.Count(e => Path(e).EndsWith("$export", StringComparison.Ordinal)).ShouldBe(1); // resumed, not started again
            env.Sink.StoredSet.ShouldBe(await ServerSetAsync(env), ignoreOrder: true);
            // Only the page stored before its state moved comes twice, and the sink's idempotence takes it once.
            env.Sink.Deliveries.Values.Count(n => n == 2).ShouldBe(10);
            env.Sink.Deliveries.Values.ShouldAllBe(n => n <= 2);
            resumed.Stored.ShouldBe(env.Sink.StoredSet.Count - 20);
        }
        finally
        {
            await env.DisposeAsync();
        }
    }

    [Fact]
    public async Task GivenA429AndA503WhilePollingTheStatus_WhenPolled_ThenBothAreRetriedAndTheExportCompletes()
    {
        var env = new ExportJobsEnvironment();
        await env.InitializeAsync();
        try
        {
            await PostAsync(env, "/_sandbox/faults", """
                [{"kind":"status","status":429,"retryAfterSeconds":0,"times":1,"pathPrefix":"/fhir/$export-status"},
                 {"kind":"status","status":503,"times":1,"pathPrefix":"/fhir/$export-status"}]
                """);

            var summary = await RunPollAsync(env);

            (await RunAsync(env, summary.RunId)).Outcome.ShouldBe(JobRunOutcome.Succeeded);
            var statusPolls = (await env.SandboxJournalAsync()).Count(e => Method(e) == "GET" && Path(e).Contains("$export-status", StringComparison.Ordinal));
            statusPolls.ShouldBeGreaterThanOrEqualTo(3); // the 429, the 503 (one request each takes one fault), then the manifest
            env.Sink.StoredSet.ShouldBe(await ServerSetAsync(env), ignoreOrder: true);
        }
        finally
        {
            await env.DisposeAsync();
        }
    }

    [Fact]
    public async Task GivenAnExpiredFileUrl_WhenDownloading_ThenAFreshExportIsKickedOffFromTheSameCheckpointAndCompletes()
    {
        var env = new ExportJobsEnvironment();
        await env.InitializeAsync();
        try
        {
            await PostAsync(env, "/_sandbox/faults", """[{"kind":"status","status":410,"after":1,"times":1,"pathPrefix":"/fhir/$export-file"}]""");

            var summary = await RunPollAsync(env);

            (await RunAsync(env, summary.RunId)).Outcome.ShouldBe(JobRunOutcome.Succeeded);
            (await env.SandboxJournalAsync()).Count(e => Path(e).EndsWith("$export", StringComparison.Ordinal)).ShouldBe(2);
            env.Sink.StoredSet.ShouldBe(await ServerSetAsync(env), ignoreOrder: true);
        }
        finally
        {
            await env.DisposeAsync();
        }
    }

    [Fact]
    public async Task GivenAnExportWithAnErrorFile_WhenPolled_ThenEachResourceItNamesIsRecordedAsAnOpenError()
    {
        var env = new ExportJobsEnvironment();
        await env.InitializeAsync();
        try
        {
            await PostAsync(env, "/_sandbox/export-scenarios", """[{"kind":"partial","count":2}]""");

            var summary = await RunPollAsync(env);

            (await RunAsync(env, summary.RunId)).Outcome.ShouldBe(JobRunOutcome.Succeeded);
            summary.Errors.ShouldBe(2);
            await using var scope = env.AppServices.CreateAsyncScope();
            var errors = await scope.ServiceProvider.GetRequiredService<AppDbContext>().JobRunErrors.AsNoTracking().Where(e => e.ResolvedAt == null).ToListAsync();
            errors.Count.ShouldBe(2);
            errors.ShouldAllBe(e => e.ResourceType == "ExplanationOfBenefit" && e.ResourceId != null && e.Source == "export:sandbox");
            env.Sink.StoredSet.Count.ShouldBe((await ServerSetAsync(env)).Count - 2);
        }
        finally
        {
            await env.DisposeAsync();
        }
    }

    [Fact]
    public async Task GivenTwoNodesRunningThePollAtOnce_WhenBothFinish_ThenOneExportWasDownloadedAndNothingStoredTwice()
    {
        var env = new ExportJobsEnvironment();
        await env.InitializeAsync();
        try
        {
            // Two runs on their own scopes and database contexts, as two cluster nodes would (Quartz's
            // DisallowConcurrentExecution keeps them apart in a cluster; this checks the state row holds without it).
            var runs = await Task.WhenAll(RunPollAsync(env), RunPollAsync(env));

            foreach (var run in runs)
            {
                var stored = await RunAsync(env, run.RunId);
                stored.Outcome.ShouldBe(JobRunOutcome.Succeeded, stored.Message);
            }
            var journal = await env.SandboxJournalAsync();
            var downloadedJobs = journal.Where(e => Path(e).Contains("$export-file/", StringComparison.Ordinal))
                .Select(e => Path(e).Split('/')[3]).Distinct().ToList();
            downloadedJobs.Count.ShouldBe(1);
            env.Sink.StoredSet.ShouldBe(await ServerSetAsync(env), ignoreOrder: true);
        }
        finally
        {
            await env.DisposeAsync();
        }
    }

    [Fact]
    public async Task GivenNoHistoryFolderConfigured_WhenThePracticesHistoryIsEnsured_ThenItsOwnHistoryIsExportedWhereRetrainingReadsIt()
    {
        var env = new ExportJobsEnvironment();
        await env.InitializeAsync();
        try
        {
            var folder = await env.AppServices.GetRequiredService<PracticeHistoryExport>().EnsureAsync("sandbox", CancellationToken.None);

            folder.ShouldNotBeNull();
            env.AppServices.GetRequiredService<FhirApp.Core.Scoring.ScoringOptions>().HistoryFor("sandbox").ShouldBe(folder);
            var files = Directory.GetFiles(folder).Select(f => System.IO.Path.GetFileName(f)).ToList();
            files.ShouldContain(f => f.StartsWith("Claim-", StringComparison.Ordinal));
            files.ShouldContain(f => f.StartsWith("ExplanationOfBenefit-", StringComparison.Ordinal));
            var kickOff = (await env.SandboxJournalAsync()).Single(e => Path(e).EndsWith("$export", StringComparison.Ordinal));
            kickOff.GetProperty("queryString").GetString()!.ShouldContain("_since="); // the look-back, 24 months by default
            (await env.AppServices.GetRequiredService<PracticeHistoryExport>().EnsureAsync("sandbox", CancellationToken.None)).ShouldBeNull(); // fresh: not again today
        }
        finally
        {
            await env.DisposeAsync();
        }
    }

    private static string Path(System.Text.Json.JsonElement e) => e.GetProperty("path").GetString()!;

    private static string Method(System.Text.Json.JsonElement e) => e.GetProperty("method").GetString()!;

    private static async Task<PollSummary> RunPollAsync(AppEnvironment env)
    {
        await using var scope = env.AppServices.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AdjudicationPollRunner>().RunAsync("sandbox", CancellationToken.None);
    }

    private static async Task<JobRun> RunAsync(AppEnvironment env, long id)
    {
        await using var scope = env.AppServices.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().JobRuns.AsNoTracking().SingleAsync(r => r.Id == id);
    }

    private static async Task<IntakeCheckpoint> ExportCheckpointAsync(AppEnvironment env)
    {
        await using var scope = env.AppServices.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().IntakeCheckpoints.AsNoTracking()
            .SingleAsync(c => c.Source == "export:sandbox" && c.ResourceType == BulkExportState.CheckpointType);
    }

    private static Task<IntakeModeChoice?> ChoiceAsync(AppEnvironment env) =>
        env.AppServices.GetRequiredService<EhrCapabilityReader>().StoredAsync("sandbox", "sandbox", CancellationToken.None);

    private static async Task<HashSet<string>> ServerSetAsync(AppEnvironment env)
    {
        var registration = env.AppServices.GetRequiredService<SmartRegistry>().FindById("sandbox")!;
        var token = await env.AppServices.GetRequiredService<BackendTokenProvider>().GetAsync(registration, null, CancellationToken.None);
        return await AdjudicationData.ServerSetAsync(env.FhirBase, token);
    }

    private static async Task PostAsync(AppEnvironment env, string path, string json)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync($"{env.SandboxUrl}{path}", new StringContent(json, Encoding.UTF8, "application/json"));
        response.IsSuccessStatusCode.ShouldBeTrue();
    }
}
