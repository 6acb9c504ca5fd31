using System.CommandLine;
using FhirApp.Core.Scrubbing;
using Spectre.Console;

namespace FhirApp.Cli.Scrub;

/// <summary>`fhirapp scrub --claims DIR --out findings.csv [--content DIR] [--today YYYY-MM-DD]`.</summary>
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
        var content = CliOptions.Content();
        var today = CliOptions.Today();
        var command = new Command("scrub", "Scrub every claim in a folder of FHIR data and write the findings as CSV.")
        {
            claims, outFile, content, today,
        };
        command.SetAction(parseResult => Run(
            parseResult.GetValue(claims)!,
            parseResult.GetValue(outFile)!,
            parseResult.GetValue(content),
            parseResult.GetValue(today),
            output,
            error));
        return command;
    }

    private static int Run(string directory, string outPath, string? contentDirectory, DateOnly? today, TextWriter output, TextWriter error)
    {
        if (!Directory.Exists(directory))
        {
            error.WriteLine($"Claims folder '{directory}' does not exist.");
            return FhirAppCommandLine.Failed;
        }

        if (!FhirAppCommandLine.TryLoadRules(contentDirectory, error, out var rules))
        {
            return FhirAppCommandLine.Failed;
        }

        TimeProvider clock = today is { } day ? new FixedTimeProvider(day) : TimeProvider.System;
        var scrubber = new ClaimScrubber(rules, ScrubRules.All, clock);
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
                    .Start(ctx => ClaimBatch.Run(directory, scrubber, writer.Write, new SpectreBatchProgress(ctx)));
            }
            else
            {
                report = ClaimBatch.Run(directory, scrubber, writer.Write, progress: null);
            }
        }

        output.WriteLine($"Rule content {rules.ContentVersion}; {ScrubRules.All.Count} rule(s); today {DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime):yyyy-MM-dd}.");
        BatchSummary.Write(output, report);
        output.WriteLine($"Findings written to {Path.GetFullPath(outPath)}");
        return FhirAppCommandLine.Success;
    }
}
