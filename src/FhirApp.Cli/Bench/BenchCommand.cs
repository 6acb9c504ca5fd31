using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FhirApp.Cli.Scrub;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Synthetic;

namespace FhirApp.Cli.Bench;

/// <summary>
/// `fhirapp bench scrub --claims N [--seed S]`: a benchmark, not a timed test. Generates N synthetic claims as NDJSON,
/// then times parse-only (read + group + contexts) and parse + scrub over the same files, best of 3 each.
/// The last lines are `scrub_vs_parse_ratio=&lt;number&gt;` (the goal: at most 1.5 at N = 100,000) and
/// `scrub_claims_per_second=&lt;number&gt; claims=&lt;n&gt;` (the goal: 15,000, peak memory under 1 GiB at N = 100,000).
/// </summary>
internal static class BenchCommand
{
    private const int Runs = 3;

    public static Command Create(TextWriter output, TextWriter error, TimeProvider waits)
    {
        var claims = CliOptions.PositiveInt("--claims", "Synthetic claims to generate.");
        var seed = new Option<int>("--seed") { Description = "Generator seed (same seed, same files).", DefaultValueFactory = _ => 1 };
        var defects = new Option<double>("--defects")
        {
            Description = "Share of claims with one injected defect (0..1), so that rules have something to find.",
            DefaultValueFactory = _ => 0.1,
        };
        defects.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is < 0 or > 1)
            {
                r.AddError("--defects must be between 0 and 1.");
            }
        });
        var content = CliOptions.Content();
        var scrub = new Command("scrub", "Time parse-only against parse + scrub over N synthetic claims in NDJSON.") { claims, seed, defects, content };
        scrub.SetAction(parseResult => Run(parseResult.GetValue(claims), parseResult.GetValue(seed), parseResult.GetValue(defects), parseResult.GetValue(content), output, error));
        return new Command("bench", "Benchmarks over synthetic data.") { scrub, DenialsBench.Create(output, error), BenchScoreCommand.Create(output, error), BenchGapsCommand.Create(output, error), AppealBench.Create(output, error), RemittanceBench.Create(output, error), BenchRulesCommand.Create(output, error), BenchTrainCommand.Create(output, error), BenchExportCommand.Create(output, error, waits) };
    }

    private static int Run(int count, int seed, double defects, string? contentDirectory, TextWriter output, TextWriter error)
    {
        if (!FhirAppCommandLine.TryLoadRules(contentDirectory, error, out var rules))
        {
            return FhirAppCommandLine.Failed;
        }

        var c = CultureInfo.InvariantCulture;
        var directory = Path.Combine(Path.GetTempPath(), $"fhirapp-bench-{Environment.ProcessId}-{seed}");
        try
        {
            var clock = Stopwatch.StartNew();
            var options = new SyntheticClaimOptions { Claims = count, Seed = seed, DefectProbability = defects };
            var corpus = SyntheticClaimGenerator.Generate(options);
            var files = corpus.WriteNdjson(directory);
            var bytes = files.Sum(f => new FileInfo(f).Length);
            output.WriteLine(string.Create(c, $"Generated {count} claims ({corpus.Resources.Count} resources, {corpus.Truth.Count} with an injected defect, {bytes / 1048576.0:F1} MiB NDJSON in {files.Count} files) in {clock.Elapsed.TotalSeconds:F1} s"));
            output.WriteLine(string.Create(c, $"Rules: {ScrubRules.All.Count} ({string.Join(", ", ScrubRules.All.Select(r => r.Id))}); content {rules.ContentVersion}; today {options.Today:yyyy-MM-dd}; {Environment.ProcessorCount} cores; server GC {System.Runtime.GCSettings.IsServerGC}"));
            corpus = null;
            var raw = IngestFigures.RawReadBytesPerSecond(files);

            var scrubber = new ClaimScrubber(rules, ScrubRules.All, new FixedTimeProvider(options.Today));
            // Interleaved (parse, scrub, parse, scrub…) so warm-up, page cache and heap growth do not favour either side.
            var parse = new Timing();
            var scrubbed = new Timing();
            for (var i = 1; i <= Runs; i++)
            {
                Measure(() => ClaimBatch.Run(directory, null, null, null), output, $"parse only    run {i}", parse);
                Measure(() => ClaimBatch.Run(directory, scrubber, null, null), output, $"parse + scrub run {i}", scrubbed);
            }

            Report(output, "Parse only", parse, count);
            Report(output, "Parse + scrub", scrubbed, count);
            var report = scrubbed.Report;
            output.WriteLine(string.Create(c, $"Scrubbed {report.Scrubbed} of {report.Claims} claims; {report.Findings} findings ({string.Join(", ", report.BySeverity.OrderBy(p => p.Key).Select(p => $"{FindingsCsvWriter.SeverityName(p.Key)} {p.Value}"))}); {report.ClaimErrors.Count} not scrubbed; {report.SkippedResources.Count} resources skipped"));
            // Run-to-run noise on a busy 2-core machine is larger than the scrub cost, so also time the Scrub calls themselves.
            output.WriteLine(string.Create(c, $"Scrub calls alone (last run): {report.ScrubTime.TotalSeconds:F2} s, {report.ScrubTime.TotalMilliseconds * 1000 / Math.Max(1, report.Claims):F1} us per claim, {report.Claims / Math.Max(0.001, report.ScrubTime.TotalSeconds):F0} claims/s; (parse best + scrub calls) / parse best = {(parse.Best + report.ScrubTime) / parse.Best:F3}"));
            output.WriteLine(string.Create(c, $"Memory: allocated {GC.GetTotalAllocatedBytes() / 1048576.0:F0} MiB in total; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB"));
            foreach (var line in IngestFigures.Lines("claim", count, bytes, scrubbed.Best, scrubbed.CpuOfBest, raw))
            {
                output.WriteLine(line);
            }

            output.WriteLine(string.Create(c, $"scrub_vs_parse_ratio={scrubbed.Best.TotalSeconds / parse.Best.TotalSeconds:F3}"));
            output.WriteLine(string.Create(c, $"scrub_claims_per_second={count / scrubbed.Best.TotalSeconds:F0} claims={count}"));
            return FhirAppCommandLine.Success;
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static void Measure(Func<BatchReport> run, TextWriter output, string label, Timing timing)
    {
        // Start each run from a collected heap, so one run's garbage is not billed to the next.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var gen2Before = GC.CollectionCount(2);
        var pauseBefore = GC.GetTotalPauseDuration();
        var clock = Stopwatch.StartNew();
        var cpu = IngestFigures.CpuTime();
        timing.Report = run();
        clock.Stop();
        timing.CpuOfBest = timing.Best == TimeSpan.Zero || clock.Elapsed < timing.Best ? IngestFigures.CpuTime() - cpu : timing.CpuOfBest;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        timing.Best = timing.Best == TimeSpan.Zero || clock.Elapsed < timing.Best ? clock.Elapsed : timing.Best;
        timing.Allocated = timing.Allocated == 0 ? allocated : Math.Min(timing.Allocated, allocated);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {label}: {clock.Elapsed.TotalSeconds:F2} s, {allocated / 1048576.0:F0} MiB allocated, {GC.CollectionCount(2) - gen2Before} gen2 GCs, GC pauses {(GC.GetTotalPauseDuration() - pauseBefore).TotalSeconds:F2} s"));
    }

    private static void Report(TextWriter output, string label, Timing timing, int count) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label,-14} best of {Runs}: {timing.Best.TotalSeconds:F2} s, {count / timing.Best.TotalSeconds:F0} claims/s, {timing.Allocated / 1048576.0:F0} MiB allocated per run"));

    /// <summary>Best time and least allocation over the runs, and the last run's report.</summary>
    private sealed class Timing
    {
        public TimeSpan Best { get; set; }

        public long Allocated { get; set; }

        public TimeSpan CpuOfBest { get; set; }

        public BatchReport Report { get; set; } = new();
    }
}
