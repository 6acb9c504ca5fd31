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
        var outDir = new Option<string>("--out") { Description = "Model folder to write (model.json, denial.zip, reason.zip).", Required = true };
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

        RuleBook rules;
        try
        {
            rules = RuleBookLoader.Load(contentDirectory);
        }
        catch (InvalidOperationException ex)
        {
            error.WriteLine(ex.Message);
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
            output.WriteLine(string.Create(c, $"Reason top-1:      {h.ReasonTop1:P1} of denied holdout claims"));
            output.WriteLine("Per payer (holdout):");
            foreach (var p in h.PerPayer)
            {
                output.WriteLine(string.Create(c, $"  {p.PayerName,-32} claims {p.Claims,5}  denied {p.Denials,4}  AUC {p.Auc:0.000}"));
            }
        }

        output.WriteLine(string.Create(c, $"Model written to {Path.GetFullPath(modelDirectory)} in {clock.Elapsed.TotalSeconds:0.0} s (training {card.TrainSeconds:0.0} s)."));
        return FhirAppCommandLine.Success;
    }
}
