using System.Globalization;
using FhirApp.Core.Scoring;

namespace FhirApp.Cli.Scoring;

/// <summary>
/// Scores set against a simulated practice's truth.csv: the model's AUC on the realized outcomes next to the oracle's
/// (the simulator's true probabilities on the same claims), overall and per payer, and the reason model's top-1 hits.
/// </summary>
internal sealed record TruthComparison(TruthComparison.Auc Overall, IReadOnlyList<TruthComparison.Auc> PerPayer, double ReasonTop1, double Ece, double Correlation)
{
    /// <summary>One group's AUCs; <see cref="Gap"/> = oracle − model.</summary>
    internal sealed record Auc(string Name, int Claims, int Denied, double ModelAuc, double OracleAuc)
    {
        public double Gap => OracleAuc - ModelAuc;
    }

    public static TruthComparison Of(string truthPath, IReadOnlyList<RiskScore> scores, IReadOnlyDictionary<string, string> payers)
    {
        var truth = File.ReadAllLines(truthPath).Skip(1).Select(l => l.Split(','))
            .ToDictionary(p => p[0], p => (P: double.Parse(p[1], CultureInfo.InvariantCulture), Denied: p[2] == "denied", Category: p.Length > 4 ? p[4] : ""), StringComparer.Ordinal);
        var matched = scores.Where(s => truth.ContainsKey(s.ClaimId)).ToList();
        Auc Of(string name, IReadOnlyCollection<RiskScore> set) => new(
            name, set.Count, set.Count(s => truth[s.ClaimId].Denied),
            ModelMetrics.Auc(set.Select(s => (s.Probability, truth[s.ClaimId].Denied)).ToList()),
            ModelMetrics.Auc(set.Select(s => (truth[s.ClaimId].P, truth[s.ClaimId].Denied)).ToList()));
        var denied = matched.Where(s => truth[s.ClaimId].Denied).ToList();
        var top1 = denied.Count == 0 ? double.NaN : denied.Average(s => s.Reasons.Count > 0 && s.Reasons[0].Category.ToString() == truth[s.ClaimId].Category ? 1.0 : 0.0);
        var perPayer = matched.GroupBy(s => payers.GetValueOrDefault(s.ClaimId) ?? "(unknown payer)").OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Of(g.Key, g.ToList())).ToList();
        return new TruthComparison(
            Of("all payers", matched), perPayer, top1,
            ModelMetrics.ExpectedCalibrationError(matched.Select(s => (s.Probability, truth[s.ClaimId].Denied)).ToList()),
            ScoreCommand.Correlation(matched.Select(s => (s.Probability, truth[s.ClaimId].P)).ToList()));
    }
}
