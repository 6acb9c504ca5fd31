using FhirApp.Core.Claims.Sources;
using FhirApp.Core.Claims.Sources.Bulk;
using Xunit.Abstractions;

namespace FhirApp.Cli.Tests.Export;

/// <summary>
/// `fhirapp export` against the strict sandbox EHR in-process: Backend Services auth, a slow export (202 + Retry-After),
/// 429 / 5xx on a file, resume after an interruption while waiting and mid-download, and the folder read by scrub and
/// train. Waits go by a <see cref="SkippingClock"/>: no test waits on the wall clock.
/// </summary>
public sealed class ExportCommandTests(ExportedPractice practice, ITestOutputHelper log) : IClassFixture<ExportedPractice>, IAsyncLifetime
{
    private static readonly string[] Exported = ["Patient", "Coverage", "Organization", "Practitioner", "Claim", "ClaimResponse", "ExplanationOfBenefit"];

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("fhirapp-cli-export-");
    private ExportSandbox? _sandbox;

    private ExportSandbox Sandbox => _sandbox!;

    private string Out => Path.Combine(_work.FullName, "export");

    public async Task InitializeAsync() =>
        _sandbox = await ExportSandbox.StartAsync([practice.History], "--Sandbox:Export:RetryAfterSeconds=5", "--Sandbox:Export:ResourcesPerFile=400");

    public async Task DisposeAsync()
    {
        await Sandbox.DisposeAsync();
        _work.Delete(recursive: true);
    }

    [Fact]
    public async Task GivenASlowExportAndA429AndA503OnAFile_WhenExported_ThenEveryResourceIsWrittenOnceAndEachWaitIsTheOneTheEhrAskedFor()
    {
        await Sandbox.HookAsync("/_sandbox/export-scenarios", """[{"kind":"slow","polls":2}]""");
        await Sandbox.HookAsync("/_sandbox/faults", """
            [{"kind":"status","status":429,"retryAfterSeconds":7,"pathPrefix":"/fhir/$export-file/","times":1},
             {"kind":"status","status":503,"retryAfterSeconds":3,"pathPrefix":"/fhir/$export-file/","after":2,"times":1}]
            """);
        var clock = new SkippingClock();

        var (exit, output) = await RunAsync(clock, Sandbox.Args(Out, "--group", "practice"));

        exit.ShouldBe(0, output);
        output.ShouldContain("Still running");
        clock.Waits.Count(w => w == TimeSpan.FromSeconds(5)).ShouldBeGreaterThanOrEqualTo(2, "the status answered 202 with Retry-After: 5 at least twice");
        clock.Waits.ShouldContain(TimeSpan.FromSeconds(7), "the 429 on a file asked for 7 s");
        clock.Waits.ShouldContain(TimeSpan.FromSeconds(3), "the 503 on a file asked for 3 s");
        ReadBack(Out).ShouldBe(Expected(), "every resource of the exported types, once");
        var journal = await Sandbox.JournalAsync();
        journal.Count(IsKickOff).ShouldBe(1);
        journal.ShouldContain(e => e.Method == "DELETE" && e.Path.StartsWith("/fhir/$export-status/", StringComparison.Ordinal), "the job is deleted when done");
        output.ShouldContain("transactionTime=");
    }

    [Fact]
    public async Task GivenARunInterruptedWhileTheEhrPrepares_WhenRunAgain_ThenItPollsTheSameExportInsteadOfKickingOffAnother()
    {
        await Sandbox.HookAsync("/_sandbox/export-scenarios", """[{"kind":"slow","polls":3}]""");
        var clock = new SkippingClock();

        var (firstExit, firstOutput) = await RunAsync(clock, Sandbox.Args(Out), interruptOn: "Still running");
        var state = File.ReadAllText(Path.Combine(Out, BulkFolderExportState.FileName));
        var (secondExit, secondOutput) = await RunAsync(clock, Sandbox.Args(Out));

        firstExit.ShouldBe(1, firstOutput);
        firstOutput.ShouldContain("run the same command again", Case.Insensitive);
        state.ShouldContain("$export-status");
        secondExit.ShouldBe(0, secondOutput);
        secondOutput.ShouldContain("Resuming the export");
        (await Sandbox.JournalAsync()).Count(IsKickOff).ShouldBe(1, "the second run followed the first run's status URL");
        ReadBack(Out).ShouldBe(Expected());
    }

    [Fact]
    public async Task GivenARunInterruptedMidDownload_WhenRunAgain_ThenTheFilesWrittenAreKeptAndOnlyTheRestAreDownloaded()
    {
        var clock = new SkippingClock();

        var (firstExit, firstOutput) = await RunAsync(clock, Sandbox.Args(Out), interruptOn: "Wrote ");
        var afterFirst = (await Sandbox.JournalAsync()).Where(IsFile).Select(e => e.Path).ToList();
        var (secondExit, secondOutput) = await RunAsync(clock, Sandbox.Args(Out));
        var all = (await Sandbox.JournalAsync()).Where(IsFile).Select(e => e.Path).ToList();

        firstExit.ShouldBe(1, firstOutput);
        afterFirst.Count.ShouldBe(1, "interrupted after the first file was written");
        secondExit.ShouldBe(0, secondOutput);
        secondOutput.ShouldContain("1 kept from the interrupted run");
        all.Count(p => p == afterFirst[0]).ShouldBe(1, "the file written before the interruption is not downloaded again");
        all.Count.ShouldBe(all.Distinct(StringComparer.Ordinal).Count());
        (await Sandbox.JournalAsync()).Count(IsKickOff).ShouldBe(1);
        ReadBack(Out).ShouldBe(Expected());
    }

    [Fact]
    public async Task GivenFileUrlsThatExpiredBetweenRuns_WhenRunAgain_ThenAFreshExportIsKickedOffAndWrittenWhole()
    {
        var clock = new SkippingClock();

        var (firstExit, firstOutput) = await RunAsync(clock, Sandbox.Args(Out), interruptOn: "The export is ready");
        await Sandbox.HookAsync("/_sandbox/export/expire-files", "{}");
        var (secondExit, secondOutput) = await RunAsync(clock, Sandbox.Args(Out));

        firstExit.ShouldBe(1, firstOutput);
        secondExit.ShouldBe(0, secondOutput);
        secondOutput.ShouldContain("Starting a fresh export");
        (await Sandbox.JournalAsync()).Count(IsKickOff).ShouldBe(2);
        ReadBack(Out).ShouldBe(Expected());
    }

    [Fact]
    public async Task GivenAnExportedFolder_WhenScrubbedAndTrainedFrom_ThenTheModelTrainsOnEveryExportedClaim()
    {
        var model = Path.Combine(_work.FullName, "model");
        var (exit, output) = await RunAsync(new SkippingClock(), Sandbox.Args(Out, "--type", "Patient,Coverage,Organization,Practitioner", "--type", "Claim,ClaimResponse,ExplanationOfBenefit"));
        exit.ShouldBe(0, output);

        using var trainOutput = new StringWriter();
        var trainExit = await FhirAppCommandLine.RunAsync(["train", "--history", Out, "--model", model], trainOutput);
        using var scrubOutput = new StringWriter();
        var scrubExit = await FhirAppCommandLine.RunAsync(["scrub", "--claims", Out, "--out", Path.Combine(_work.FullName, "findings.csv"), "--today", "2026-12-31"], scrubOutput);

        trainExit.ShouldBe(0, trainOutput.ToString());
        var resources = Expected().Sum(t => int.Parse(t[(t.IndexOf('=', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        trainOutput.ToString().ShouldContain($"Resources read:    {resources} (0 skipped as unreadable)", customMessage: "every exported resource was read, and the export's own state and work files were not read as data");
        trainOutput.ToString().ShouldContain($"Claims:            {practice.HistoryClaims} ({practice.HistoryClaims} adjudicated", customMessage: "every adjudicated claim of the EHR's history reached training");
        trainOutput.ToString().ShouldContain("AUC:");
        scrubOutput.ToString().ShouldContain("Files read:        10", customMessage: "the NDJSON files only, not the export's state");
        File.Exists(Path.Combine(model, "model.json")).ShouldBeTrue();
        scrubExit.ShouldBe(0, scrubOutput.ToString());
        scrubOutput.ToString().ShouldContain($"Resources read:    {resources} (", customMessage: "scrub reads the same folder, and only its data files");
    }

    [Fact]
    public async Task GivenTheSandbox_WhenBenchExportRuns_ThenItPrintsExportAndIngestRatesAndTheRatioLast()
    {
        var args = Sandbox.Args(Out).Skip(1).ToArray();

        var (exit, output) = await RunAsync(new SkippingClock(), ["bench", "export", .. args]);
        log.WriteLine(output); // the figures, for a reader (dotnet test --logger "console;verbosity=detailed"); nothing is asserted on them

        exit.ShouldBe(0, output);
        var resources = Expected().Sum(t => int.Parse(t[(t.IndexOf('=', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        output.ShouldContain($"Export: {resources:N0} resources");
        output.ShouldContain($"Ingest of the same files (FolderFhirSource, parsed): {resources:N0} resources (0 issues)");
        output.ShouldContain("export_resources_per_second=");
        output.ShouldContain("ingest_resources_per_second=");
        output.TrimEnd().Split('\n')[^1].ShouldStartWith("export_vs_ingest_ratio=");
    }

    [Theory]
    [InlineData("export", "--fhir-base", "not a url", "--client-id", "x", "--key", "k", "--out", "o")]
    [InlineData("export", "--fhir-base", "https://ehr.example/fhir", "--client-id", "x", "--key", "k", "--out", "o", "--since", "last tuesday")]
    [InlineData("export", "--fhir-base", "https://ehr.example/fhir", "--client-id", "x", "--key", "k", "--out", "o", "--group", "g", "--system")]
    [InlineData("export", "--fhir-base", "https://ehr.example/fhir", "--client-id", "x", "--key", "k")]
    public async Task GivenBadArguments_WhenExporting_ThenExitCodeIs2(params string[] args)
    {
        using var output = new StringWriter();
        (await FhirAppCommandLine.RunAsync(args, output)).ShouldBe(2, output.ToString());
    }

    private static bool IsKickOff((string Method, string Path) e) => e.Method == "GET" && e.Path.EndsWith("/$export", StringComparison.Ordinal);

    private static bool IsFile((string Method, string Path) e) => e.Method == "GET" && e.Path.StartsWith("/fhir/$export-file/", StringComparison.Ordinal);

    private List<string> Expected() =>
        [.. Exported.Where(practice.ResourcesPerType.ContainsKey).Select(t => $"{t}={practice.ResourcesPerType[t]}").Order(StringComparer.Ordinal)];

    /// <summary>Resources per type as a <see cref="FolderFhirSource"/> (what scrub and train use) reads the folder; each resource id once.</summary>
    private static List<string> ReadBack(string folder)
    {
        var resources = new List<Hl7.Fhir.Model.Resource>();
        foreach (var page in new FolderFhirSource([folder]).ReadPagesAsync(500, CancellationToken.None).ToBlockingEnumerable())
        {
            page.Issues.ShouldBeEmpty();
            resources.AddRange(page.Resources);
        }
        resources.Select(r => $"{r.TypeName}/{r.Id}").ShouldBeUnique();
        return [.. resources.GroupBy(r => r.TypeName, StringComparer.Ordinal).Select(g => $"{g.Key}={g.Count()}").Order(StringComparer.Ordinal)];
    }

    private static async Task<(int Exit, string Output)> RunAsync(SkippingClock clock, string[] args, string? interruptOn = null)
    {
        using var output = new InterruptingWriter(interruptOn);
        var exit = await FhirAppCommandLine.RunAsync(args, output, output, clock, output.Cancellation.Token);
        return (exit, output.ToString());
    }
}
