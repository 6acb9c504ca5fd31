using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using FhirApp.Core.Denials;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace FhirApp.Core.Scoring;

/// <summary>
/// Trains the denial model and the reason model from adjudicated history, measures them on a time-based holdout (the
/// latest 20% by submission date, never seen in training), and writes a model folder: model.json (the
/// <see cref="ModelCard"/>), denial.zip (gradient-boosted trees with Platt calibration and feature contributions) and
/// reason.zip (multiclass trees over denied claims). LightGBM and FastTree are both fitted on the training part and the
/// one with the better holdout AUC is kept (within 0.005 the faster one), so the choice is measured per practice.
/// </summary>
internal static class DenialRiskTrainer
{
    /// <summary>Below this many adjudicated claims the model does not take over (cold start).</summary>
    public const int MinClaims = 400;

    /// <summary>Below this many denials the model does not take over (cold start).</summary>
    public const int MinDenials = 40;

    private const int Folds = 5;
    public const string HoldoutFile = "holdout.csv";
    private static readonly string[] ModelFiles = ["denial.zip", "reason.zip", HoldoutFile];
    private static readonly string[] Trainers = ["LightGbm", "FastTree"];
    private const double HoldoutShare = 0.2;

    /// <summary>
    /// Training weight of a claim a biller overrode when the payer's decision then proved the biller right (the score
    /// said deny and it was paid, or the reverse): a miss the model should learn most from. An override the outcome
    /// contradicted weighs 1, like any claim: the label is the payer's decision, never the biller's opinion.
    /// </summary>
    public const float OverrideWeight = 3;

    /// <param name="overrides">Billers' score overrides: claim id → expects the claim paid (see <see cref="OverrideWeight"/>).</param>
    /// <param name="progress">Told the share done (0–1) and the stage at each step; training itself is not interruptible.</param>
    public static ModelCard Train(
        IReadOnlyList<ScoringClaim> history, string directory, int seed = 1, IProgress<TrainingStep>? progress = null,
        IReadOnlyDictionary<string, bool>? overrides = null)
    {
        overrides ??= new Dictionary<string, bool>();
        var clock = Stopwatch.StartNew();
        var labelled = history.Where(c => c.Label is not null).OrderBy(c => c.Submitted).ThenBy(c => c.ClaimId, StringComparer.Ordinal).ToList();
        var skipped = history.Count - labelled.Count;
        var denials = labelled.Count(c => c.Label!.Denied);
        var all = HistoryStats.From(labelled, mine: true);
        Directory.CreateDirectory(directory);
        foreach (var stale in ModelFiles.Select(f => Path.Combine(directory, f)).Where(File.Exists))
        {
            File.Delete(stale);
        }

        var baseCard = new ModelCard
        {
            Version = "",
            HistoryFrom = labelled.Count > 0 ? labelled[0].Submitted : null,
            HistoryTo = labelled.Count > 0 ? labelled[^1].Submitted : null,
            HistoryClaims = labelled.Count,
            HistoryDenials = denials,
            SkippedClaims = skipped,
            Features = DenialFeatures.Names,
            Stats = all.Counts.ToDictionary(kv => kv.Key, kv => new[] { kv.Value.Claims, kv.Value.Denied }, StringComparer.Ordinal),
            CategoryPriors = CategoryPriors(labelled),
            CategoryCarcs = CategoryCarcs(labelled),
            Overrides = OverrideFeedbackOf(labelled, overrides),
            LearnedRules = all.Rules.Book.IsEmpty ? null : all.Rules.Book,
        };
        if (labelled.Count < MinClaims || denials < MinDenials)
        {
            var cold = baseCard with
            {
                ColdStart = true,
                ColdStartReason = string.Create(CultureInfo.InvariantCulture,
                    $"{labelled.Count} adjudicated claims with {denials} denials; the model takes over from {MinClaims} claims and {MinDenials} denials."),
                TrainSeconds = clock.Elapsed.TotalSeconds,
            };
            return Save(cold, directory);
        }

        var ml = new MLContext(seed);
        progress?.Report(new TrainingStep(0.05, "Building features"));
        var split = (int)(labelled.Count * (1 - HoldoutShare));
        var train = labelled.Take(split).ToList();
        var holdout = labelled.Skip(split).ToList();
        var trainRows = OutOfFoldRows(train, overrides);
        var trainStats = HistoryStats.From(train, mine: true);
        var holdoutRows = holdout.Select(c => Row(c, trainStats)).ToList();
        var trainData = FeatureRow.Load(ml, trainRows);
        var holdoutData = FeatureRow.Load(ml, holdoutRows);

        var candidates = new List<(string Name, ITransformer Model, double Auc, double Seconds, List<double> P)>();
        foreach (var name in Trainers)
        {
            progress?.Report(new TrainingStep(candidates.Count == 0 ? 0.15 : 0.35, $"Fitting {name} on the training part"));
            var fit = Stopwatch.StartNew();
            var model = Fit(ml, name, trainData);
            var seconds = fit.Elapsed.TotalSeconds;
            var p = model.Transform(holdoutData).GetColumn<float>("Probability").Select(v => (double)v).ToList();
            var auc = ModelMetrics.Auc(p.Select((v, i) => (v, holdout[i].Label!.Denied)).ToList());
            candidates.Add((name, model, auc, seconds, p));
        }

        var best = candidates.OrderByDescending(c => c.Auc).First();
        var other = candidates.First(c => c.Name != best.Name);
        if (best.Auc - other.Auc < 0.005 && other.Seconds < best.Seconds)
        {
            best = other;
        }

        var choice = string.Join("; ", candidates.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Name} holdout AUC {c.Auc:0.000} in {c.Seconds:0.00} s")))
            + $"; kept {best.Name} (higher AUC, or within 0.005 and faster)";
        var points = best.P.Select((v, i) => (v, holdout[i].Label!.Denied)).ToList();

        // Reason model measured on the same split: trained on the training part's denials only.
        progress?.Report(new TrainingStep(0.55, "Fitting the reason model"));
        var reasonEval = FitReason(ml, trainRows);
        var reasonTop1 = double.NaN;
        var deniedHoldout = holdoutRows.Where(r => r.Label).ToList();
        if (reasonEval is { } re && deniedHoldout.Count > 0)
        {
            var scores = re.Model.Transform(FeatureRow.Load(ml, deniedHoldout)).GetColumn<float[]>("Score").ToList();
            reasonTop1 = deniedHoldout.Select((r, i) => re.Classes[ArgMax(scores[i])] == r.Category ? 1.0 : 0.0).Average();
        }

        var perPayer = holdout.Select((c, i) => (c, p: points[i]))
            .GroupBy(x => x.c.PayerId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => PayerMetricsOf(g.Key, g.First().c.PayerName, g.Select(x => x.p).ToList()))
            .ToList();
        WriteHoldout(Path.Combine(directory, HoldoutFile), holdout, points);
        var metrics = new HoldoutMetrics
        {
            Claims = holdout.Count,
            Denials = holdout.Count(c => c.Label!.Denied),
            From = holdout[0].Submitted,
            Auc = ModelMetrics.Auc(points),
            Ece = ModelMetrics.ExpectedCalibrationError(points),
            Brier = ModelMetrics.Brier(points),
            PrAuc = ModelMetrics.AveragePrecision(points),
            PrecisionAt80Recall = ModelMetrics.PrecisionAtRecall(points, 0.8),
            Calibration = ModelMetrics.CalibrationByDecile(points),
            ReasonTop1 = reasonTop1,
            PerPayer = perPayer,
        };

        // The saved model learns from the whole history, with the trainer chosen above.
        progress?.Report(new TrainingStep(0.7, $"Fitting {best.Name} on the whole history"));
        var allRows = OutOfFoldRows(labelled, overrides);
        var allData = FeatureRow.Load(ml, allRows);
        var final = Fit(ml, best.Name, allData);
        ml.Model.Save(final, allData.Schema, Path.Combine(directory, "denial.zip"));
        var reason = FitReason(ml, allRows);
        if (reason is { } r)
        {
            ml.Model.Save(r.Model, allData.Schema, Path.Combine(directory, "reason.zip"));
        }

        var card = baseCard with
        {
            Trainer = best.Name,
            TrainerChoice = choice,
            Holdout = metrics,
            ReasonClasses = reason?.Classes ?? [],
            TrainSeconds = clock.Elapsed.TotalSeconds,
        };
        return Save(card, directory);
    }

    private static PayerMetrics PayerMetricsOf(string payerId, string payerName, List<(double P, bool Denied)> points) =>
        new(payerId, payerName, points.Count, points.Count(p => p.Denied), ModelMetrics.Auc(points))
        {
            PrAuc = ModelMetrics.AveragePrecision(points),
            PrecisionAt80Recall = ModelMetrics.PrecisionAtRecall(points, 0.8),
            Brier = ModelMetrics.Brier(points),
            Calibration = ModelMetrics.CalibrationByDecile(points),
        };

    /// <summary>
    /// holdout.csv beside the model: claim_id,payer_id,probability,denied for every holdout claim, so that calibration
    /// plots and comparisons with a simulator's oracle can be drawn without retraining.
    /// </summary>
    private static void WriteHoldout(string path, List<ScoringClaim> holdout, List<(double P, bool Denied)> points)
    {
        var lines = holdout.Select((c, i) => string.Create(CultureInfo.InvariantCulture, $"{c.ClaimId},{c.PayerId},{points[i].P:0.000000},{(points[i].Denied ? 1 : 0)}"));
        File.WriteAllLines(path, lines.Prepend("claim_id,payer_id,probability,denied"));
    }

    /// <summary>Feature rows whose history rates come from the other folds only, weighted by the overrides.</summary>
    private static List<FeatureRow> OutOfFoldRows(List<ScoringClaim> claims, IReadOnlyDictionary<string, bool> overrides)
    {
        var stats = HistoryStats.OutOfFold(claims, Folds, out var foldOf, mine: true);
        return claims.Select((c, i) => Row(c, stats[foldOf[i]], OverrideConfirmed(c, overrides) ? OverrideWeight : 1)).ToList();
    }

    private static bool OverrideConfirmed(ScoringClaim claim, IReadOnlyDictionary<string, bool> overrides) =>
        claim.Label is { } label && overrides.TryGetValue(claim.ClaimId, out var expectsPaid) && expectsPaid != label.Denied;

    private static ScoreOverrideFeedback? OverrideFeedbackOf(List<ScoringClaim> labelled, IReadOnlyDictionary<string, bool> overrides)
    {
        if (overrides.Count == 0)
        {
            return null;
        }
        var decided = labelled.Where(c => overrides.ContainsKey(c.ClaimId)).ToList();
        var confirmed = decided.Count(c => OverrideConfirmed(c, overrides));
        return new ScoreOverrideFeedback(confirmed, decided.Count - confirmed, overrides.Count - decided.Count, OverrideWeight);
    }

    private static FeatureRow Row(ScoringClaim claim, HistoryStats stats, float weight = 1) => new()
    {
        Weight = weight,
        Features = DenialFeatures.Vector(claim, stats),
        Label = claim.Label?.Denied ?? false,
        Category = claim.Label?.Category?.ToString() ?? "",
    };

    /// <summary>
    /// Binary trees + Platt calibration, with a feature-contribution stage appended so that one saved chain gives the
    /// probability and the contributions the explanations come from. One thread: the same history gives the same model.
    /// </summary>
    private static TransformerChain<Microsoft.ML.Transforms.FeatureContributionCalculatingTransformer> Fit(MLContext ml, string trainer, IDataView data)
    {
        if (trainer == "LightGbm")
        {
            var model = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                NumberOfLeaves = 15,
                NumberOfIterations = 150,
                LearningRate = 0.05,
                MinimumExampleCountPerLeaf = 20,
                NumberOfThreads = 1,
                Seed = 1,
                ExampleWeightColumnName = nameof(FeatureRow.Weight),
            }).Fit(data);
            return model.Append(ml.Transforms.CalculateFeatureContribution<LightGbmBinaryModelParameters, PlattCalibrator>(model, 8, 0).Fit(model.Transform(data)));
        }

        var tree = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            NumberOfLeaves = 15,
            NumberOfTrees = 150,
            LearningRate = 0.05,
            MinimumExampleCountPerLeaf = 20,
            NumberOfThreads = 1,
            ExampleWeightColumnName = nameof(FeatureRow.Weight),
        }).Fit(data);
        return tree.Append(ml.Transforms.CalculateFeatureContribution<FastTreeBinaryModelParameters, PlattCalibrator>(tree, 8, 0).Fit(tree.Transform(data)));
    }

    /// <summary>Multiclass trees over denied claims: P(category | denied). Null with too few denials or one category.</summary>
    private static (ITransformer Model, IReadOnlyList<string> Classes)? FitReason(MLContext ml, List<FeatureRow> rows)
    {
        var denied = rows.Where(r => r.Label && r.Category.Length > 0).ToList();
        if (denied.Count < 20 || denied.Select(r => r.Category).Distinct().Count() < 2)
        {
            return null;
        }

        var data = FeatureRow.Load(ml, denied);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("LabelKey", nameof(FeatureRow.Category))
            .Append(ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
            {
                LabelColumnName = "LabelKey",
                NumberOfLeaves = 7,
                NumberOfIterations = 100,
                LearningRate = 0.05,
                MinimumExampleCountPerLeaf = 5,
                NumberOfThreads = 1,
                Seed = 1,
            }));
        var model = pipeline.Fit(data);
        VBuffer<ReadOnlyMemory<char>> names = default;
        model.Transform(data).Schema["Score"].GetSlotNames(ref names);
        return (model, names.DenseValues().Select(n => n.ToString()).ToList());
    }

    private static int ArgMax(float[] values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    private static Dictionary<string, double> CategoryPriors(List<ScoringClaim> labelled)
    {
        var denied = labelled.Where(c => c.Label!.Denied).ToList();
        return denied.Count == 0
            ? []
            : denied.GroupBy(c => (c.Label!.Category ?? DenialCategory.Other).ToString())
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count() / (double)denied.Count, StringComparer.Ordinal);
    }

    /// <summary>Per denial category, the reason label its denials carried most often (ties: the first in order).</summary>
    private static Dictionary<string, string> CategoryCarcs(List<ScoringClaim> labelled) =>
        labelled.Where(c => c.Label is { Denied: true, Reason: not null })
            .GroupBy(c => (c.Label!.Category ?? DenialCategory.Other).ToString(), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => g.GroupBy(c => c.Label!.Reason!, StringComparer.Ordinal).OrderByDescending(r => r.Count()).ThenBy(r => r.Key, StringComparer.Ordinal).First().Key,
                StringComparer.Ordinal);

    /// <summary>Writes model.json with a version derived from the content (same history and code, same version).</summary>
    private static ModelCard Save(ModelCard card, string directory)
    {
        using var sha = SHA256.Create();
        // Entry names and contents, not the zip bytes: ML.NET stamps each entry with the time it was written.
        foreach (var file in ModelFiles.Where(f => f.EndsWith(".zip", StringComparison.Ordinal)).Select(f => Path.Combine(directory, f)).Where(File.Exists))
        {
            using var zip = ZipFile.OpenRead(file);
            foreach (var entry in zip.Entries.OrderBy(e => e.FullName, StringComparer.Ordinal))
            {
                var name = System.Text.Encoding.UTF8.GetBytes(entry.FullName);
                sha.TransformBlock(name, 0, name.Length, null, 0);
                using var content = new MemoryStream();
                using (var stream = entry.Open())
                {
                    stream.CopyTo(content);
                }

                var bytes = content.ToArray();
                sha.TransformBlock(bytes, 0, bytes.Length, null, 0);
            }
        }

        // Timings (train seconds, the trainer comparison's seconds) vary run to run; the version must not.
        var body = JsonSerializer.SerializeToUtf8Bytes(card with { Version = "", TrainSeconds = 0, TrainerChoice = null }, ModelCardJson.Options);
        sha.TransformFinalBlock(body, 0, body.Length);
        var version = (card.ColdStart ? "cold-" : "dr-") + Convert.ToHexStringLower(sha.Hash!)[..12];
        var saved = card with { Version = version };
        File.WriteAllBytes(Path.Combine(directory, "model.json"), JsonSerializer.SerializeToUtf8Bytes(saved, ModelCardJson.Options));
        return saved;
    }
}
