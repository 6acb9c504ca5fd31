using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FhirApp.Cli.Denials;

namespace FhirApp.Cli.Bench;

/// <summary>
/// `fhirapp bench denials --eobs N [--seed S]`: writes N synthetic EOBs as NDJSON, then times ingesting them
/// (parse + detect + categorize + date the deadline of each line), best of --runs (3). Last line: `ndjson_eobs_per_second=&lt;number&gt;`.
/// The HTTP half of the intake (paging an EHR) is measured with the poller, not here.
/// </summary>
internal static class DenialsBench
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var eobs = CliOptions.PositiveInt("--eobs", "Synthetic EOBs to generate.");
        var seed = new Option<int>("--seed") { Description = "Generator seed (same seed, same files).", DefaultValueFactory = _ => 1 };
        var runs = CliOptions.PositiveInt("--runs", "Timed runs (best counts).", defaultValue: 3);
        var command = new Command("denials", "Time ingesting N synthetic EOBs from NDJSON: parse, detect, categorize, date.") { eobs, seed, runs };
        command.SetAction(parseResult => Run(parseResult.GetValue(eobs), parseResult.GetValue(seed), parseResult.GetValue(runs), output, error));
        return command;
    }

    private static int Run(int count, int seed, int runs, TextWriter output, TextWriter error)
    {
        var clock = new FixedTimeProvider(new DateOnly(2026, 11, 1));
        if (DenialsCommand.Load(null, null, clock, error) is not var (detector, deadlines))
        {
            return FhirAppCommandLine.Failed;
        }

        var c = CultureInfo.InvariantCulture;
        var directory = Path.Combine(Path.GetTempPath(), $"fhirapp-bench-denials-{Environment.ProcessId}-{seed}");
        try
        {
            var watch = Stopwatch.StartNew();
            var files = SyntheticEobs.WriteNdjson(directory, count, seed);
            output.WriteLine(string.Create(c, $"Generated {count} EOBs ({files.Sum(f => new FileInfo(f).Length) / 1048576.0:F1} MiB NDJSON in {files.Count} files) in {watch.Elapsed.TotalSeconds:F1} s; {Environment.ProcessorCount} cores"));
            var bytes = files.Sum(f => new FileInfo(f).Length);
            var raw = IngestFigures.RawReadBytesPerSecond(files);
            var best = TimeSpan.MaxValue;
            var cpuOfBest = TimeSpan.Zero;
            var parseBest = TimeSpan.MaxValue;
            DenialBatchReport? report = null;
            for (var run = 1; run <= runs; run++)
            {
                // Parse-only first, interleaved with the full ingest, so the share of detection is visible.
                GC.Collect();
                GC.WaitForPendingFinalizers();
                watch.Restart();
                DenialBatch.Run(directory, null, null);
                parseBest = watch.Elapsed < parseBest ? watch.Elapsed : parseBest;
                output.WriteLine(string.Create(c, $"  run {run} parse only: {watch.Elapsed.TotalSeconds:F2} s, {count / watch.Elapsed.TotalSeconds:F0} EOBs/s"));
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var cpu = IngestFigures.CpuTime();
                watch.Restart();
                var deadlinesDated = 0;
                report = DenialBatch.Run(directory, detector, decision =>
                {
                    foreach (var denial in decision.Denials)
                    {
                        var route = Core.Denials.DenialDeadlines.Route(denial.Kind, denial.Cause.Category);
                        deadlinesDated += deadlines.For(decision.Facts.PayerId, decision.Facts.DecisionDate, decision.Facts.ServiceDate, route) is null ? 0 : 1;
                    }
                });
                watch.Stop();
                cpuOfBest = watch.Elapsed < best ? IngestFigures.CpuTime() - cpu : cpuOfBest;
                best = watch.Elapsed < best ? watch.Elapsed : best;
                output.WriteLine(string.Create(c, $"  run {run} ingest:     {watch.Elapsed.TotalSeconds:F2} s, {count / watch.Elapsed.TotalSeconds:F0} EOBs/s, {report.Lines} lines needing work, {deadlinesDated} deadlines dated"));
            }

            output.WriteLine(string.Create(c, $"Lines by kind: {string.Join(", ", report!.ByKind.OrderBy(p => p.Key).Select(p => $"{Core.Denials.DenialNames.Of(p.Key)} {p.Value}"))}; skipped {report.Skipped.Count}"));
            output.WriteLine(string.Create(c, $"Best of {runs}: parse only {count / parseBest.TotalSeconds:F0} EOBs/s; parse + detect + categorize + date {count / best.TotalSeconds:F0} EOBs/s (ingest / parse time = {best / parseBest:F2}); load average {IngestFigures.LoadAverage()}"));
            foreach (var line in IngestFigures.Lines("EOB", count, bytes, best, cpuOfBest, raw))
            {
                output.WriteLine(line);
            }

            output.WriteLine(string.Create(c, $"Memory: peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB"));
            output.WriteLine(string.Create(c, $"ndjson_eobs_per_second={count / best.TotalSeconds:F0}"));
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
}
