using System.CommandLine;
using System.Globalization;
using System.Text;
using FhirApp.Core.Scoring;
using FhirApp.Core.Scrubbing;

namespace FhirApp.Cli.Scoring;

/// <summary>
/// `fhirapp score --claims DIR --model MODEL-DIR --out scores.csv [--history DIR] [--truth truth.csv] [--content DIR]`:
/// one CSV row per claim: claim_id,score,reason1,p1,reason2,p2,reason3,p3,cold_start,model_version,explanation.
/// With --truth (a synth truth.csv) it also prints the AUC against the realized outcomes next to the oracle AUC.
/// </summary>
internal static class ScoreCommand
{
    public const string Header = "claim_id,score,reason1,p1,reason2,p2,reason3,p3,cold_start,model_version,explanation";

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
        var truth = File.ReadAllLines(truthPath).Skip(1).Select(l => l.Split(','))
            .ToDictionary(p => p[0], p => (P: double.Parse(p[1], CultureInfo.InvariantCulture), Denied: p[2] == "denied", Category: p.Length > 4 ? p[4] : ""), StringComparer.Ordinal);
        var matched = scores.Where(s => truth.ContainsKey(s.ClaimId)).ToList();
        var model = ModelMetrics.Auc(matched.Select(s => (s.Probability, truth[s.ClaimId].Denied)).ToList());
        var oracle = ModelMetrics.Auc(matched.Select(s => (truth[s.ClaimId].P, truth[s.ClaimId].Denied)).ToList());
        var denied = matched.Where(s => truth[s.ClaimId].Denied).ToList();
        var top1 = denied.Count == 0 ? double.NaN : denied.Average(s => s.Reasons.Count > 0 && s.Reasons[0].Category.ToString() == truth[s.ClaimId].Category ? 1.0 : 0.0);
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"Against truth ({matched.Count} claims, {denied.Count} denied): AUC {model:0.000}, oracle AUC {oracle:0.000}, gap {oracle - model:0.000}; reason top-1 {top1:P1}"));
        foreach (var payer in matched.GroupBy(s => payers.GetValueOrDefault(s.ClaimId) ?? "(unknown payer)").OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var m = ModelMetrics.Auc(payer.Select(s => (s.Probability, truth[s.ClaimId].Denied)).ToList());
            var o = ModelMetrics.Auc(payer.Select(s => (truth[s.ClaimId].P, truth[s.ClaimId].Denied)).ToList());
            output.WriteLine(string.Create(c, $"  {payer.Key,-32} claims {payer.Count(),5}  denied {payer.Count(s => truth[s.ClaimId].Denied),4}  AUC {m:0.000}  oracle {o:0.000}  gap {o - m:0.000}"));
        }

        output.WriteLine(string.Create(c, $"ECE against outcomes {ModelMetrics.ExpectedCalibrationError(matched.Select(s => (s.Probability, truth[s.ClaimId].Denied)).ToList()):0.000}; correlation with true probabilities {Correlation(matched.Select(s => (s.Probability, truth[s.ClaimId].P)).ToList()):0.000}"));
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
