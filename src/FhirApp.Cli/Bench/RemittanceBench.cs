using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FhirApp.Cli.Denials;
using FhirApp.Core.Denials;
using FhirApp.Core.Remittance;

namespace FhirApp.Cli.Bench;

/// <summary>
/// `fhirapp bench 835 --claims N [--seed S] [--runs R]`: writes a synthetic 835 with N claims, then times, best of R,
/// parse + balance alone and the whole import: parse, balance, map every claim to an ExplanationOfBenefit, detect and
/// categorize its denials and date their deadlines (what the intake does before its database write). Last line:
/// `era_claims_per_second=&lt;number&gt;`.
/// </summary>
internal static class RemittanceBench
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var claims = CliOptions.PositiveInt("--claims", "Claims (CLP) in the synthetic 835.");
        var seed = new Option<int>("--seed") { Description = "Generator seed (same seed, same file).", DefaultValueFactory = _ => 1 };
        var runs = CliOptions.PositiveInt("--runs", "Timed runs (best counts).", defaultValue: 3);
        var command = new Command("835", "Time importing an X12 835 of N synthetic claims: parse, balance, map to EOBs, detect denials.") { claims, seed, runs };
        command.SetAction(parseResult => Run(parseResult.GetValue(claims), parseResult.GetValue(seed), parseResult.GetValue(runs), output, error));
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
        var path = Path.Combine(Path.GetTempPath(), $"fhirapp-bench-835-{Environment.ProcessId}-{seed}.835");
        try
        {
            var watch = Stopwatch.StartNew();
            var statuses = SyntheticRemittance.Write(path, count, seed);
            output.WriteLine(string.Create(c, $"Generated {count} claims ({new FileInfo(path).Length / 1048576.0:F1} MiB, {(count + SyntheticRemittance.ClaimsPerTransaction - 1) / SyntheticRemittance.ClaimsPerTransaction} transaction sets) in {watch.Elapsed.TotalSeconds:F1} s; CLP02: {string.Join(", ", statuses.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))}; {Environment.ProcessorCount} cores"));
            TimeSpan parseBest = TimeSpan.MaxValue, best = TimeSpan.MaxValue;
            var kinds = new Dictionary<DenialKind, int>();
            for (var run = 1; run <= runs; run++)
            {
                Collect();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var gen2 = GC.CollectionCount(2);
                watch.Restart();
                var read = Era835Reader.ReadFile(path);
                watch.Stop();
                cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                if (!read.Accepted || read.ClaimCount != count)
                {
                    error.WriteLine($"The synthetic 835 was refused: {string.Join("; ", read.Issues.Take(3))}");
                    return FhirAppCommandLine.Failed;
                }

                parseBest = watch.Elapsed < parseBest ? watch.Elapsed : parseBest;
                output.WriteLine(string.Create(c, $"  run {run} parse + balance: {watch.Elapsed.TotalSeconds:F2} s ({cpu.TotalSeconds:F2} s CPU, {GC.CollectionCount(2) - gen2} gen2 GCs), {count / watch.Elapsed.TotalSeconds:F0} claims/s"));
                read = null;
                Collect();
                cpu = Process.GetCurrentProcess().TotalProcessorTime;
                gen2 = GC.CollectionCount(2);
                watch.Restart();
                kinds.Clear();
                int lines = 0, dated = 0;
                var file = Era835Reader.ReadFile(path);
                var mapper = new RemittanceEobMapper();
                foreach (var eob in mapper.MapAll(file))
                {
                    var decision = detector.Detect(eob);
                    foreach (var denial in decision.Denials)
                    {
                        lines++;
                        kinds[denial.Kind] = kinds.GetValueOrDefault(denial.Kind) + 1;
                        var route = DenialDeadlines.Route(denial.Kind, denial.Cause.Category);
                        dated += deadlines.For(decision.Facts.PayerId, decision.Facts.DecisionDate, decision.Facts.ServiceDate, route) is null ? 0 : 1;
                    }
                }

                watch.Stop();
                cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                best = watch.Elapsed < best ? watch.Elapsed : best;
                output.WriteLine(string.Create(c, $"  run {run} import:          {watch.Elapsed.TotalSeconds:F2} s ({cpu.TotalSeconds:F2} s CPU, {GC.CollectionCount(2) - gen2} gen2 GCs), {count / watch.Elapsed.TotalSeconds:F0} claims/s, {lines} lines needing work, {dated} deadlines dated"));
            }

            output.WriteLine(string.Create(c, $"Lines by kind: {string.Join(", ", kinds.OrderBy(p => p.Key).Select(p => $"{DenialNames.Of(p.Key)} {p.Value}"))}"));
            output.WriteLine(string.Create(c, $"Best of {runs}: parse + balance {count / parseBest.TotalSeconds:F0} claims/s; parse + balance + map + detect + date {count / best.TotalSeconds:F0} claims/s; load average {LoadAverage()}"));
            output.WriteLine(string.Create(c, $"Memory: peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB"));
            output.WriteLine(string.Create(c, $"era_claims_per_second={count / best.TotalSeconds:F0}"));
            return FhirAppCommandLine.Success;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    // Other processes on a shared machine move these figures: print the load so a reader can judge them.
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
