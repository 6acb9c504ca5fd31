using System.CommandLine;
using FhirApp.Core.Learning;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Learned;
using Spectre.Console;

namespace FhirApp.Cli.Scrub;

/// <summary>
/// `fhirapp scrub --claims DIR --out findings.csv [--history DIR | --rules rules.json] [--content DIR] [--today YYYY-MM-DD]`.
/// With --history, the practice's adjudicated history is mined for payer rules first (as `fhirapp rules learn`) and is
/// the claims' context (earlier claims, auths, eligibility denials); with --rules, a learned rule book written before.
/// The findings then come from both rule sources.
/// </summary>
internal static class ScrubCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var claims = new Option<string>("--claims")
        {
            Description = "Folder of FHIR Bulk NDJSON files (one resource type per file) and/or Bundle / resource JSON files, read recursively.",
            Required = true,
        };
        var outFile = new Option<string>("--out")
        {
            Description = "CSV file to write: one row per finding.",
            Required = true,
        };
        var history = new Option<string?>("--history")
        {
            Description = "Folder of the practice's adjudicated history: payer rules are learned from it first, and it gives the claims their context.",
        };
        var learned = new Option<string?>("--rules") { Description = "A learned rule book written by 'fhirapp rules learn' (instead of mining --history)." };
        var content = CliOptions.Content();
        var today = CliOptions.Today();
        var command = new Command("scrub", "Scrub every claim in a folder of FHIR data and write the findings as CSV.")
        {
            claims, outFile, history, learned, content, today,
        };
        command.SetAction(parseResult => Run(
            parseResult.GetValue(claims)!,
            parseResult.GetValue(outFile)!,
            parseResult.GetValue(history),
            parseResult.GetValue(learned),
            parseResult.GetValue(content),
            parseResult.GetValue(today),
            output,
            error));
        return command;
    }

    private static int Run(string directory, string outPath, string? historyDirectory, string? rulesPath, string? contentDirectory, DateOnly? today, TextWriter output, TextWriter error)
    {
        if (!Directory.Exists(directory))
        {
            error.WriteLine($"Claims folder '{directory}' does not exist.");
            return FhirAppCommandLine.Failed;
        }

        if (historyDirectory is not null && !Directory.Exists(historyDirectory))
        {
            error.WriteLine($"History folder '{historyDirectory}' does not exist.");
            return FhirAppCommandLine.Failed;
        }

        if (!FhirAppCommandLine.TryLoadRules(contentDirectory, error, out var rules))
        {
            return FhirAppCommandLine.Failed;
        }

        TimeProvider clock = today is { } day ? new FixedTimeProvider(day) : TimeProvider.System;
        LearnedRuleBook? book = null;
        try
        {
            book = rulesPath is not null ? LearnedRuleBook.Load(rulesPath)
                : historyDirectory is not null ? RuleMiner.Mine([historyDirectory], DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), shipped: rules)
                : null;
        }
        catch (InvalidOperationException ex)
        {
            error.WriteLine(ex.Message);
            return FhirAppCommandLine.Failed;
        }

        if (book is not null)
        {
            output.WriteLine($"Learned rules: {book.Rules.Count} for {book.Payers.Count} payer(s) from {book.History.Adjudicated} adjudicated claims (rule book {book.Version}).");
        }

        var scrubber = new ClaimScrubber(rules, ScrubRules.All, clock, book);
        if (CsvOutput.TryCreate(outPath, error) is not { } csv)
        {
            return FhirAppCommandLine.Failed;
        }

        BatchReport report;
        using (csv)
        {
            var writer = new FindingsCsvWriter(csv);
            writer.WriteHeader();
            if (SpectreBatchProgress.ShouldShow(output, directory))
            {
                report = AnsiConsole.Progress()
                    .AutoClear(true)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                    .Start(ctx => ClaimBatch.Run(directory, scrubber, writer.Write, new SpectreBatchProgress(ctx), historyDirectory));
            }
            else
            {
                report = ClaimBatch.Run(directory, scrubber, writer.Write, progress: null, historyDirectory);
            }
        }

        output.WriteLine($"Rule content {rules.ContentVersion}; {ScrubRules.All.Count} rule(s); today {DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime):yyyy-MM-dd}.");
        BatchSummary.Write(output, report);
        output.WriteLine($"Findings written to {Path.GetFullPath(outPath)}");
        return FhirAppCommandLine.Success;
    }
}
