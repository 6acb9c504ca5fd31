using System.CommandLine;
using System.Globalization;
using System.Text;
using FhirApp.Core.Scoring;
using FhirApp.Core.Scrubbing;

namespace FhirApp.Cli.Scoring;

/// <summary>
/// `fhirapp score --claims DIR --model MODEL-DIR --out scores.csv [--history DIR] [--truth truth.csv] [--content DIR]`:
/// one CSV row per claim: claim_id,risk,top_reason,top_reason_probability (the issue's contract: risk 0-100, the most
/// likely denial category and P(category | denied)), then reason2,p2,reason3,p3,cold_start,model_version,explanation.
/// With --truth (a synth truth.csv) it also prints the AUC against the realized outcomes next to the oracle AUC.
/// </summary>
internal static class ScoreCommand
{
    public const string Header = "claim_id,risk,top_reason,top_reason_probability,reason2,p2,reason3,p3,cold_start,model_version,explanation";

    public static Command Create(TextWriter output, TextWriter error)
    {
        var claims = new Option<string>("--claims") { Description = "Folder of claims to score (NDJSON or Bundles).", Required = true };
        var model = new Option<string>("--model") { Description = "Model folder written by fhirapp train.", Required = true };
        var outFile = new Option<string>("--out") { Description = "CSV file to write: one row per claim.", Required = true };
        var history = new Option<string?>("--history") { Description = "Adjudicated history of the same patients (their earlier claims and denials)." };
        var truth = new Option<string?>("--truth") { Description = "truth.csv from fhirapp synth: print AUC against outcomes and the oracle AUC." };
        var content = CliOptions.Content();
        var command = new Command("score", "Score claims 0-100 with their top denial reasons and explanations.")
        {
            claims, model, outFile, history, truth, content,
        };
        command.SetAction(parseResult => Run(
            parseResult.GetValue(claims)!, parseResult.GetValue(model)!, parseResult.GetValue(outFile)!,
            parseResult.GetValue(history), parseResult.GetValue(truth), parseResult.GetValue(content), output, error));
        return command;
    }

    private static int Run(string claimsDirectory, string modelDirectory, string outPath, string? historyDirectory, string? truthPath, string? contentDirectory, TextWriter output, TextWriter error)
    {
        foreach (var dir in new[] { claimsDirectory, historyDirectory }.OfType<string>().Where(d => !Directory.Exists(d)))
        {
            error.WriteLine($"Folder '{dir}' does not exist.");
            return FhirAppCommandLine.Failed;
        }

        RuleBook rules;
        DenialRiskModel model;
        try
        {
            rules = RuleBookLoader.Load(contentDirectory);
            model = DenialRiskModel.Load(modelDirectory, rules);
        }
        catch (InvalidOperationException ex)
        {
            error.WriteLine(ex.Message);
            return FhirAppCommandLine.Failed;
        }

        var (scores, report) = ScoringBatch.Score(claimsDirectory, historyDirectory, model, rules);
        try
        {
            File.WriteAllText(outPath, Csv(scores), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"Cannot write '{outPath}': {ex.Message}");
            return FhirAppCommandLine.Failed;
        }

        var c = CultureInfo.InvariantCulture;
        output.WriteLine($"Model {model.Card.Version}{(model.Card.ColdStart ? " (cold start: scores from scrubber findings)" : "")}");
        output.WriteLine(string.Create(c, $"Claims scored: {scores.Count} ({report.SkippedResources} unreadable resources skipped)"));
        if (scores.Count > 0)
        {
            output.WriteLine(string.Create(c, $"Mean score: {scores.Average(s => s.Score):0.0}; score >= 60: {scores.Count(s => s.Score >= 60)}; score >= 80: {scores.Count(s => s.Score >= 80)}"));
        }

        if (truthPath is not null)
        {
            PrintTruthComparison(truthPath, scores, report.PayerOfClaim, output);
        }

        output.WriteLine($"Scores written to {Path.GetFullPath(outPath)}");
        return FhirAppCommandLine.Success;
    }

    internal static string Csv(IReadOnlyList<RiskScore> scores)
    {
        var c = CultureInfo.InvariantCulture;
        var csv = new StringBuilder(Header).Append('\n');
        foreach (var s in scores)
        {
            csv.Append(Field(s.ClaimId)).Append(',').Append(s.Score.ToString(c));
            for (var i = 0; i < 3; i++)
            {
                csv.Append(',').Append(i < s.Reasons.Count ? s.Reasons[i].Category.ToString() : "")
                    .Append(',').Append(i < s.Reasons.Count ? s.Reasons[i].Probability.ToString("0.000", c) : "");
            }

            csv.Append(',').Append(s.ColdStart ? "true" : "false").Append(',').Append(Field(s.ModelVersion))
                .Append(',').Append(Field(string.Join(" | ", s.Explanation))).Append('\n');
        }

        return csv.ToString();
    }

    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    /// <summary>AUC of the scores against truth.csv's realized outcomes, next to the oracle (truth probabilities) on the same claims.</summary>
    private static void PrintTruthComparison(string truthPath, IReadOnlyList<RiskScore> scores, IReadOnlyDictionary<string, string> payers, TextWriter output)
    {
        var t = TruthComparison.Of(truthPath, scores, payers);
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"Against truth ({t.Overall.Claims} claims, {t.Overall.Denied} denied): AUC {t.Overall.ModelAuc:0.000}, oracle AUC {t.Overall.OracleAuc:0.000}, gap {t.Overall.Gap:0.000}; reason top-1 {t.ReasonTop1:P1}"));
        foreach (var payer in t.PerPayer)
        {
            output.WriteLine(string.Create(c, $"  {payer.Name,-32} claims {payer.Claims,5}  denied {payer.Denied,4}  AUC {payer.ModelAuc:0.000}  oracle {payer.OracleAuc:0.000}  gap {payer.Gap:0.000}"));
        }

        output.WriteLine(string.Create(c, $"ECE against outcomes {t.Ece:0.000}; correlation with true probabilities {t.Correlation:0.000}"));
    }

    internal static double Correlation(IReadOnlyList<(double X, double Y)> points)
    {
        if (points.Count < 2)
        {
            return double.NaN;
        }

        var mx = points.Average(p => p.X);
        var my = points.Average(p => p.Y);
        var sxy = points.Sum(p => (p.X - mx) * (p.Y - my));
        var sxx = points.Sum(p => (p.X - mx) * (p.X - mx));
        var syy = points.Sum(p => (p.Y - my) * (p.Y - my));
        return sxy / Math.Sqrt(sxx * syy);
    }
}
