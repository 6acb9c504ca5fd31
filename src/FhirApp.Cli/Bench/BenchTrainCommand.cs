using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FhirApp.Core.Scoring;
using FhirApp.Core.Scoring.Synthetic;

namespace FhirApp.Cli.Bench;

/// <summary>
/// `fhirapp bench train [--patients N] [--months M] [--seed S]`: simulates a practice (`synth`), then times `train` on
/// its history: reading (parse, group by patient, contexts, scrub, labels, features) and training apart. The defaults
/// give about 200,000 history claims (the goal: under 45 s). Last line: `train_seconds=&lt;s&gt; claims=&lt;n&gt;`.
/// </summary>
internal static class BenchTrainCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var patients = CliOptions.PositiveInt("--patients", "Simulated patients (about 7.6 history claims each per year).", defaultValue: 26_000);
        var months = CliOptions.PositiveInt("--months", "Simulated months.", defaultValue: 12);
        var seed = new Option<int>("--seed") { Description = "Simulator seed.", DefaultValueFactory = _ => 1 };
        var content = CliOptions.Content();
        var command = new Command("train", "Time training on a simulated practice's history (reading and training apart).") { patients, months, seed, content };
        command.SetAction(parseResult => Run(parseResult.GetValue(patients), parseResult.GetValue(months), parseResult.GetValue(seed), parseResult.GetValue(content), output, error));
        return command;
    }

    private static int Run(int patients, int months, int seed, string? contentDirectory, TextWriter output, TextWriter error)
    {
        if (!FhirAppCommandLine.TryLoadRules(contentDirectory, error, out var rules))
        {
            return FhirAppCommandLine.Failed;
        }

        var c = CultureInfo.InvariantCulture;
        var directory = Path.Combine(Path.GetTempPath(), $"fhirapp-bench-train-{Environment.ProcessId}-{seed}");
        try
        {
            var clock = Stopwatch.StartNew();
            var options = new PracticeSimulatorOptions { Patients = patients, Months = months, Seed = seed, Today = new DateOnly(2026, 12, 31) };
            PracticeSimulator.Simulate(options, rules).Write(directory);
            var history = Path.Combine(directory, "history");
            var files = Directory.EnumerateFiles(history, "*", SearchOption.AllDirectories).ToList();
            var bytes = files.Sum(f => new FileInfo(f).Length);
            output.WriteLine(string.Create(c, $"Simulated {patients} patients over {months} months ({bytes / 1048576.0:F1} MiB of history NDJSON in {files.Count} files) in {clock.Elapsed.TotalSeconds:F1} s; {Environment.ProcessorCount} cores"));
            var raw = IngestFigures.RawReadBytesPerSecond(files);

            GC.Collect();
            GC.WaitForPendingFinalizers();
            var cpu = IngestFigures.CpuTime();
            clock.Restart();
            var (card, report) = ScoringBatch.Train(history, rules, Path.Combine(directory, "model"));
            var total = clock.Elapsed;
            var cpuUsed = IngestFigures.CpuTime() - cpu;
            output.WriteLine(string.Create(c, $"Read {report.Resources} resources ({report.SkippedResources} skipped), {report.Claims} claims ({report.Labelled} adjudicated, {report.Denied} denied)"));
            output.WriteLine(string.Create(c, $"Reading {report.ReadSeconds:F1} s ({report.Claims / Math.Max(report.ReadSeconds, 1e-6):F0} claims/s), training {card.TrainSeconds:F1} s ({card.TrainerChoice}), total {total.TotalSeconds:F1} s"));
            foreach (var line in IngestFigures.Lines("claim", report.Claims, bytes, total, cpuUsed, raw))
            {
                output.WriteLine(line);
            }

            output.WriteLine(string.Create(c, $"Memory: peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB"));
            output.WriteLine(string.Create(c, $"train_seconds={total.TotalSeconds:F1} claims={report.Claims}"));
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
