using System.CommandLine;
using System.Globalization;
using FhirApp.Core.Denials;
using FhirApp.Core.Scrubbing;

namespace FhirApp.Cli.Denials;

/// <summary>`fhirapp denials --eobs DIR --out denials.csv [--content DIR] [--denials-content DIR] [--today YYYY-MM-DD]`.</summary>
internal static class DenialsCommand
{
    public static Option<string?> TableOption() => new("--denials-content")
    {
        Description = "Folder holding carc-categories.json; default: the DenialsContent folder shipped with fhirapp.",
    };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var eobs = new Option<string>("--eobs")
        {
            Description = "Folder of FHIR Bulk NDJSON files, Bundle / resource JSON files and X12 835 remittances (*.835, *.x12, *.edi, or any file starting with ISA), read recursively; or one such file.",
            Required = true,
        };
        var outFile = new Option<string>("--out") { Description = "CSV file to write: one row per denied, rejected, reversed or recouped claim line.", Required = true };
        var content = CliOptions.Content();
        var table = TableOption();
        var today = CliOptions.Today();
        var command = new Command("denials", "Find, categorize and date the denials in ExplanationOfBenefit and ClaimResponse exports and X12 835 remittances.")
        {
            eobs, outFile, content, table, today,
        };
        command.SetAction(parseResult => Run(
            parseResult.GetValue(eobs)!, parseResult.GetValue(outFile)!, parseResult.GetValue(content), parseResult.GetValue(table), parseResult.GetValue(today), output, error));
        return command;
    }

    /// <summary>The detector and deadlines from the content folders, or null after printing why they could not load.</summary>
    public static (DenialDetector Detector, DenialDeadlines Deadlines)? Load(string? contentDirectory, string? tableDirectory, TimeProvider clock, TextWriter error)
    {
        try
        {
            var rules = RuleBookLoader.Load(contentDirectory);
            return (new DenialDetector(DenialCauseTable.Load(tableDirectory), rules.Directory), new DenialDeadlines(rules.Payers, clock));
        }
        catch (InvalidOperationException ex)
        {
            error.WriteLine(ex.Message);
            return null;
        }
    }

    private static int Run(string path, string outPath, string? contentDirectory, string? tableDirectory, DateOnly? today, TextWriter output, TextWriter error)
    {
        if (!Directory.Exists(path) && !File.Exists(path))
        {
            error.WriteLine($"EOB folder or file '{path}' does not exist.");
            return FhirAppCommandLine.Failed;
        }

        TimeProvider clock = today is { } day ? new FixedTimeProvider(day) : TimeProvider.System;
        if (Load(contentDirectory, tableDirectory, clock, error) is not var (detector, deadlines))
        {
            return FhirAppCommandLine.Failed;
        }

        if (CsvOutput.TryCreate(outPath, error) is not { } csv)
        {
            return FhirAppCommandLine.Failed;
        }

        DenialBatchReport report;
        using (csv)
        {
            var writer = new DenialsCsvWriter(csv, deadlines);
            writer.WriteHeader();
            report = DenialBatch.Run(path, detector, writer.Write);
        }

        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"Files read:            {report.Files}"));
        output.WriteLine(string.Create(c, $"Resources read:        {report.Resources}"));
        output.WriteLine(string.Create(c, $"EOBs / ClaimResponses: {report.Adjudications}"));
        output.WriteLine(string.Create(c, $"Lines needing work:    {report.Lines}"));
        foreach (var kind in Enum.GetValues<DenialKind>())
        {
            output.WriteLine(string.Create(c, $"  {DenialNames.Of(kind),-11} {report.ByKind.GetValueOrDefault(kind)}"));
        }

        if (report.Remittances > 0)
        {
            output.WriteLine(string.Create(c, $"835 files:             {report.Remittances} ({report.RefusedRemittances} refused)"));
        }

        output.WriteLine(string.Create(c, $"Resources skipped:     {report.Skipped.Count}"));
        foreach (var skipped in report.Skipped.Take(20))
        {
            output.WriteLine("  " + skipped);
        }

        output.WriteLine($"Denials written to {Path.GetFullPath(outPath)}");
        return FhirAppCommandLine.Success;
    }
}
