using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FhirApp.Core.Learning;

namespace FhirApp.Cli.Rules;

/// <summary>
/// `fhirapp rules learn --history DIR --out rules.json [--today YYYY-MM-DD] [--content DIR]`: mines the practice's
/// adjudicated history for payer rules (and how each payer treats the shipped rules' holds), writes the learned rule
/// book and prints it as a table.
/// </summary>
internal static class RulesCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var history = new Option<string>("--history") { Description = "Folder of adjudicated history: Claim, ClaimResponse, ExplanationOfBenefit, Coverage… as NDJSON or Bundles.", Required = true };
        var outFile = new Option<string>("--out") { Description = "Learned rule book (JSON) to write.", Required = true };
        var content = CliOptions.Content();
        var today = CliOptions.Today();
        today.Description = "The mining day recorded in the book (YYYY-MM-DD); default: the real date.";
        var learn = new Command("learn", "Learn each payer's rules from the practice's remittance history; write them as JSON and print them as a table.")
        {
            history, outFile, today, content,
        };
        learn.SetAction(parseResult => Learn(parseResult.GetValue(history)!, parseResult.GetValue(outFile)!, parseResult.GetValue(today), parseResult.GetValue(content), output, error));
        return new Command("rules", "Payer rules learned from the practice's own history.") { learn };
    }

    private static int Learn(string historyDirectory, string outPath, DateOnly? today, string? contentDirectory, TextWriter output, TextWriter error)
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
        var book = RuleMiner.Mine([historyDirectory], today ?? DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime), shipped: rules);
        try
        {
            book.Save(outPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error.WriteLine($"Cannot write '{outPath}': {ex.Message}");
            return FhirAppCommandLine.Failed;
        }

        LearnedRuleTable.Write(output, book);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Rule book written to {Path.GetFullPath(outPath)} in {clock.Elapsed.TotalSeconds:0.0} s."));
        return FhirAppCommandLine.Success;
    }
}
