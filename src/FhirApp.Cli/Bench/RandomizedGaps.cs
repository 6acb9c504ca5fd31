using System.Globalization;
using FhirApp.Cli.Scoring;
using FhirApp.Core.Scoring;
using FhirApp.Core.Scoring.Synthetic;
using FhirApp.Core.Scrubbing;

namespace FhirApp.Cli.Bench;

/// <summary>
/// `fhirapp bench gaps --randomized`: the risk model on practices the project did not design (the model's quality bar). For each
/// size and seed, a randomized practice (`synth --randomized`: payers, codes and mechanisms drawn from the seed), and the
/// default practice unless --no-default: train on its history and score its future claims exactly as docs/model.md says
/// (ScoringBatch.Train, then Score with the history), then print per practice and per payer the AUC, precision at 80 %
/// recall and Brier next to the simulator's oracle (its true probabilities), and the top reason's hits on denied future
/// claims per mechanism (the simulator's causes). Last line: `max_auc_gap=… mean_auc_gap=… max_p80_shortfall=…
/// top_reason_accuracy=… min_top_reason_accuracy=…`, over the randomized practices.
/// </summary>
internal static class RandomizedGaps
{
    public static int Run(IReadOnlyList<int> seeds, IReadOnlyList<int> sizes, bool includeDefault, RuleBook rules, string work, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine($"{"practice",-18} {"group",-30} {"claims",6} {"denied",6} {"AUC",6} {"oracle",6} {"gap",6} {"P@80",5} {"oracle",6} {"Brier",6} {"oracle",6} {"top-1",6}");
        var gaps = new List<double>();
        var shortfalls = new List<double>();
        var accuracies = new List<double>();
        var byMechanism = new SortedDictionary<string, (int Denied, int Right)>(StringComparer.Ordinal);
        var practices = sizes.SelectMany(size => seeds.Select(seed => ($"random s{seed} p{size}", new PracticeSimulatorOptions { Patients = size, Months = 12, Seed = seed, Randomized = true })))
            .ToList();
        if (includeDefault)
        {
            practices.Add(("default s1 p500", new PracticeSimulatorOptions { Patients = 500, Months = 12, Seed = 1 }));
        }

        foreach (var (label, options) in practices)
        {
            var directory = Path.Combine(work, label.Replace(' ', '-'));
            var practice = PracticeSimulator.Simulate(options, rules);
            practice.Write(directory);
            var history = Path.Combine(directory, "history");
            ScoringBatch.Train(history, rules, Path.Combine(directory, "model"));
            var model = DenialRiskModel.Load(Path.Combine(directory, "model"), rules);
            var (scores, report) = ScoringBatch.Score(Path.Combine(directory, "future"), history, model, rules);
            var truth = practice.Truth.Where(t => t.Future).ToDictionary(t => t.ClaimId, StringComparer.Ordinal);
            var rows = scores.Where(s => truth.ContainsKey(s.ClaimId)).Select(s => (Score: s, Truth: truth[s.ClaimId])).ToList();
            var overall = Measure(rows);
            foreach (var (name, group) in rows.GroupBy(r => report.PayerOfClaim.GetValueOrDefault(r.Score.ClaimId) ?? "(unknown payer)")
                .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, Measure(g.ToList()))).Prepend(("all payers", overall)))
            {
                output.WriteLine(string.Create(c,
                    $"{label,-18} {Cut(name, 30),-30} {group.Claims,6} {group.Denied,6} {group.Auc,6:0.000} {group.OracleAuc,6:0.000} {group.OracleAuc - group.Auc,6:0.000} {group.P80,5:0.00} {group.OracleP80,6:0.00} {group.Brier,6:0.000} {group.OracleBrier,6:0.000} {group.Top1,6:P0}"));
            }

            if (!options.Randomized)
            {
                continue;
            }

            gaps.Add(overall.OracleAuc - overall.Auc);
            shortfalls.Add(overall.OracleP80 - overall.P80);
            accuracies.Add(overall.Top1);
            foreach (var (score, t) in rows.Where(r => r.Truth.Denied))
            {
                var (denied, right) = byMechanism.GetValueOrDefault(t.Mechanism ?? "(none)");
                byMechanism[t.Mechanism ?? "(none)"] = (denied + 1, right + (TopReasonRight(score, t) ? 1 : 0));
            }
        }

        output.WriteLine();
        output.WriteLine("P@80: precision at 80 % recall; oracle: the same measure on the simulator's true probabilities; top-1: the top reason's");
        output.WriteLine("category is the one of the CARC the payer used, over denied future claims. Per mechanism (randomized practices):");
        foreach (var (mechanism, (denied, right)) in byMechanism)
        {
            output.WriteLine(string.Create(c, $"  {mechanism,-24} denied {denied,5}  top reason right {right,5} ({right / (double)denied:P0})"));
        }

        var total = byMechanism.Values.Sum(v => v.Denied);
        var accuracy = total == 0 ? double.NaN : byMechanism.Values.Sum(v => v.Right) / (double)total;
        output.WriteLine(string.Create(c,
            $"max_auc_gap={Max(gaps):0.000} mean_auc_gap={Mean(gaps):0.000} max_p80_shortfall={Max(shortfalls):0.000} top_reason_accuracy={accuracy:0.000} min_top_reason_accuracy={(accuracies.Count == 0 ? double.NaN : accuracies.Min()):0.000}"));
        return FhirAppCommandLine.Success;
    }

    private static bool TopReasonRight(RiskScore score, SimulatedClaimTruth truth) =>
        score.Reasons.Count > 0 && truth.Category is { } category && score.Reasons[0].Category == category;

    private sealed record GroupMeasure(int Claims, int Denied, double Auc, double OracleAuc, double P80, double OracleP80, double Brier, double OracleBrier, double Top1);

    private static GroupMeasure Measure(List<(RiskScore Score, SimulatedClaimTruth Truth)> rows)
    {
        var model = rows.Select(r => (r.Score.Probability, r.Truth.Denied)).ToList();
        var oracle = rows.Select(r => (r.Truth.Probability, r.Truth.Denied)).ToList();
        var denied = rows.Where(r => r.Truth.Denied).ToList();
        return new GroupMeasure(
            rows.Count, denied.Count,
            ModelMetrics.Auc(model), ModelMetrics.Auc(oracle),
            ModelMetrics.PrecisionAtRecall(model, 0.8), ModelMetrics.PrecisionAtRecall(oracle, 0.8),
            ModelMetrics.Brier(model), ModelMetrics.Brier(oracle),
            denied.Count == 0 ? double.NaN : denied.Average(r => TopReasonRight(r.Score, r.Truth) ? 1.0 : 0.0));
    }

    private static double Max(List<double> values) => values.Count == 0 ? double.NaN : values.Max();

    private static double Mean(List<double> values) => values.Count == 0 ? double.NaN : values.Average();

    private static string Cut(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}
