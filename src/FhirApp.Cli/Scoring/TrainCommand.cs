using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FhirApp.Core.Scoring;
using FhirApp.Core.Scrubbing;

namespace FhirApp.Cli.Scoring;

/// <summary>`fhirapp train --history DIR --out MODEL-DIR [--content DIR]`: trains the denial-risk model and prints its holdout metrics.</summary>
internal static class TrainCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var history = new Option<string>("--history") { Description = "Folder of adjudicated history: Claim, ClaimResponse, ExplanationOfBenefit… as NDJSON or Bundles.", Required = true };
        var outDir = new Option<string>("--model", "--out") { Description = "Model folder to write (model.json, denial.zip, reason.zip).", Required = true };
        var content = CliOptions.Content();
        var command = new Command("train", "Train the denial-risk model on adjudicated history; print AUC, calibration error and per-payer AUC on a time-based holdout.")
        {
            history, outDir, content,
        };
        command.SetAction(parseResult => Run(parseResult.GetValue(history)!, parseResult.GetValue(outDir)!, parseResult.GetValue(content), output, error));
        return command;
    }

    private static int Run(string historyDirectory, string modelDirectory, string? contentDirectory, TextWriter output, TextWriter error)
    {
        if (!Directory.Exists(historyDirectory))
        {
            error.WriteLine($"History folder '{historyDirectory}' does not exist.");
            return FhirAppCommandLine.Failed;
        }

        if (!FhirAppCommandLine.TryLoadRules(contentDirectory, error, out var rules))
        {
            return FhirAppCommandLine.Failed;
        }

        var clock = Stopwatch.StartNew();
        var (card, report) = ScoringBatch.Train(historyDirectory, rules, modelDirectory);
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"Resources read:    {report.Resources} ({report.SkippedResources} skipped as unreadable)"));
        output.WriteLine(string.Create(c, $"Claims:            {report.Claims} ({report.Labelled} adjudicated, {report.Claims - report.Labelled} without a usable adjudication skipped)"));
        output.WriteLine(string.Create(c, $"EOBs without claim:{report.EobsWithoutClaim,5} (skipped)"));
        output.WriteLine(string.Create(c, $"Denied:            {report.Denied} ({(report.Labelled == 0 ? 0 : report.Denied / (double)report.Labelled):P1})"));
        output.WriteLine($"Model version:     {card.Version}");
        if (card.ColdStart)
        {
            output.WriteLine($"Cold start:        {card.ColdStartReason} Scores will come from scrubber findings.");
        }
        else if (card.Holdout is { } h)
        {
            output.WriteLine($"Trainer:           {card.TrainerChoice}");
            output.WriteLine(string.Create(c, $"Holdout:           {h.Claims} claims submitted from {h.From:yyyy-MM-dd}, {h.Denials} denied"));
            output.WriteLine(string.Create(c, $"AUC:               {h.Auc:0.000}"));
            output.WriteLine(string.Create(c, $"ECE:               {h.Ece:0.000}"));
            output.WriteLine(string.Create(c, $"Brier:             {h.Brier:0.000}"));
            output.WriteLine(string.Create(c, $"PR-AUC:            {h.PrAuc:0.000}"));
            output.WriteLine(string.Create(c, $"Precision at 80% recall: {h.PrecisionAt80Recall:0.000}"));
            output.WriteLine(string.Create(c, $"Reason top-1:      {h.ReasonTop1:P1} of denied holdout claims"));
            output.WriteLine("Per payer (holdout):");
            foreach (var p in h.PerPayer)
            {
                output.WriteLine(string.Create(c, $"  {p.PayerName,-32} claims {p.Claims,5}  denied {p.Denials,4}  AUC {p.Auc:0.000}  PR-AUC {p.PrAuc:0.000}  Brier {p.Brier:0.000}"));
            }
        }

        // A simulated practice's truth.csv beside history/: the holdout's gap to the simulator's oracle, overall and per payer.
        var truthPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(historyDirectory).TrimEnd(Path.DirectorySeparatorChar)) ?? ".", "truth.csv");
        var holdoutPath = Path.Combine(modelDirectory, "holdout.csv");
        if (!card.ColdStart && File.Exists(truthPath) && File.Exists(holdoutPath))
        {
            PrintOracleGap(truthPath, holdoutPath, card, output);
        }

        output.WriteLine(string.Create(c, $"Model written to {Path.GetFullPath(modelDirectory)} in {clock.Elapsed.TotalSeconds:0.0} s (reading the history {report.ReadSeconds:0.0} s, training {card.TrainSeconds:0.0} s)."));
        return FhirAppCommandLine.Success;
    }

    private static void PrintOracleGap(string truthPath, string holdoutPath, ModelCard card, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        var truth = File.ReadAllLines(truthPath).Skip(1).Select(l => l.Split(','))
            .ToDictionary(p => p[0], p => double.Parse(p[1], c), StringComparer.Ordinal);
        var rows = File.ReadAllLines(holdoutPath).Skip(1).Select(l => l.Split(','))
            .Where(p => truth.ContainsKey(p[0]))
            .Select(p => (Payer: p[1], P: double.Parse(p[2], c), Oracle: truth[p[0]], Denied: p[3] == "1"))
            .ToList();
        double Gap(IReadOnlyCollection<(string Payer, double P, double Oracle, bool Denied)> set) =>
            ModelMetrics.Auc(set.Select(r => (r.Oracle, r.Denied)).ToList()) - ModelMetrics.Auc(set.Select(r => (r.P, r.Denied)).ToList());
        output.WriteLine(string.Create(c, $"Oracle (truth.csv): holdout oracle AUC {ModelMetrics.Auc(rows.Select(r => (r.Oracle, r.Denied)).ToList()):0.000}, gap {Gap(rows):0.000}"));
        foreach (var payer in rows.GroupBy(r => r.Payer).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var name = card.Holdout?.PerPayer.FirstOrDefault(p => p.PayerId == payer.Key)?.PayerName ?? payer.Key;
            output.WriteLine(string.Create(c, $"  {name,-32} oracle AUC {ModelMetrics.Auc(payer.Select(r => (r.Oracle, r.Denied)).ToList()):0.000}  gap {Gap(payer.ToList()):0.000}"));
        }
    }
}
