using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using FhirApp.Core.Claims;
using FhirApp.Core.Denials;
using FhirApp.Core.Scrubbing;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace FhirApp.Core.Scoring;

/// <summary>
/// A trained model folder, loaded: scores claims 0–100 with their top reasons and explanation lines. In cold start (too
/// little history, see <see cref="ModelCard.ColdStart"/>) the score comes from scrubber-based priors and says so.
/// One-claim scoring takes a PredictionEngine from a pool (never shared between concurrent callers); batch scoring runs
/// Transform on its own data view. Safe to share one loaded model between threads (tested with four).
/// </summary>
public sealed class DenialRiskModel
{
    /// <summary>Prior denial probability a hold finding adds in cold start (a payer usually denies what a hold names).</summary>
    private const double HoldPrior = 0.5;

    /// <summary>Prior a review finding adds in cold start (a doubtful point, denied less often).</summary>
    private const double ReviewPrior = 0.15;

    private readonly MLContext _ml = new(seed: 1);
    private readonly ITransformer? _denial;
    private readonly ITransformer? _reason;
    private readonly HistoryStats _stats;
    private readonly RuleBook _rules;
    private readonly ConcurrentBag<(PredictionEngine<FeatureRow, DenialOutput> Denial, PredictionEngine<FeatureRow, ReasonOutput>? Reason)> _engines = [];

    private DenialRiskModel(ModelCard card, ITransformer? denial, ITransformer? reason, RuleBook rules)
    {
        Card = card;
        _denial = denial;
        _reason = reason;
        _rules = rules;
        _stats = new HistoryStats(card.Stats.ToDictionary(kv => kv.Key, kv => (kv.Value[0], kv.Value[1]), StringComparer.Ordinal), card.LearnedRules);
    }

    public ModelCard Card { get; }

    /// <summary>Loads a folder written by `fhirapp train` (model.json, denial.zip, reason.zip).</summary>
    /// <param name="directory">The model folder.</param>
    /// <param name="rules">The scrubbing content in force (payer policies, code tables), for findings and policy features.</param>
    public static DenialRiskModel Load(string directory, RuleBook rules)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(rules);
        var path = Path.Combine(directory, "model.json");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"No model.json in '{directory}': train a model first (fhirapp train).");
        }

        var card = JsonSerializer.Deserialize<ModelCard>(File.ReadAllBytes(path), ModelCardJson.Options)
            ?? throw new InvalidOperationException($"'{path}' is empty.");
        if (!card.ColdStart && !card.Features.SequenceEqual(DenialFeatures.Names))
        {
            throw new InvalidOperationException($"The model in '{directory}' was trained on other features ({card.Version}); retrain it with this version of FhirApp.");
        }

        // Models trained before the denial categories were unified name categories (Units, PriorAuthorization…) that no longer exist.
        if (card.ReasonClasses.Concat(card.CategoryPriors.Keys).FirstOrDefault(c => !Enum.GetNames<DenialCategory>().Contains(c, StringComparer.Ordinal)) is { } unknown)
        {
            throw new InvalidOperationException($"The model in '{directory}' names a denial category this version does not have ('{unknown}', {card.Version}); retrain it with this version of FhirApp.");
        }

        var ml = new MLContext(seed: 1);
        var denialPath = Path.Combine(directory, "denial.zip");
        var reasonPath = Path.Combine(directory, "reason.zip");
        var denial = !card.ColdStart && File.Exists(denialPath) ? ml.Model.Load(denialPath, out _) : null;
        var reason = !card.ColdStart && File.Exists(reasonPath) ? ml.Model.Load(reasonPath, out _) : null;
        return new DenialRiskModel(card, denial, reason, rules);
    }

    /// <summary>A model with no history at all: every score comes from the scrubber-based priors and says why.</summary>
    public static DenialRiskModel ColdStart(RuleBook rules, string reason)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return new DenialRiskModel(new ModelCard { Version = "cold-start", ColdStart = true, ColdStartReason = reason }, null, null, rules);
    }

    /// <summary>
    /// Scores one claim in its context (the web app's claim page). Pass the findings the page already has, or null to
    /// scrub here; the patient's earlier claims and adjudications come from <see cref="ClaimContext.Record"/>.
    /// </summary>
    public RiskScore Score(ClaimContext context, ScrubResult? findings = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Claim is null)
        {
            throw new ArgumentException("Only claims can be scored; this context is an explanation of benefit without its claim.", nameof(context));
        }

        var claim = ScoringClaimFactory.FromContext(context, findings, _rules);
        if (_denial is null)
        {
            return ColdStartScore(claim);
        }

        // One row: a pooled PredictionEngine (not thread-safe, so each caller takes its own) is much cheaper than Transform.
        if (!_engines.TryTake(out var engines))
        {
            engines = (_ml.Model.CreatePredictionEngine<FeatureRow, DenialOutput>(_denial, inputSchemaDefinition: FeatureRow.Schema()),
                _reason is null ? null : _ml.Model.CreatePredictionEngine<FeatureRow, ReasonOutput>(_reason, inputSchemaDefinition: FeatureRow.Schema()));
        }

        try
        {
            var row = new FeatureRow { Features = DenialFeatures.Vector(claim, _stats) };
            var denial = engines.Denial.Predict(row);
            var reason = engines.Reason?.Predict(row).Score;
            return Result(claim, denial.Probability, denial.FeatureContributions, reason);
        }
        finally
        {
            _engines.Add(engines);
        }
    }

    internal IReadOnlyList<RiskScore> Score(IReadOnlyList<ScoringClaim> claims)
    {
        if (claims.Count == 0)
        {
            return [];
        }

        if (_denial is null)
        {
            return claims.Select(ColdStartScore).ToList();
        }

        var rows = claims.Select(c => new FeatureRow { Features = DenialFeatures.Vector(c, _stats) }).ToList();
        var data = FeatureRow.Load(_ml, rows);
        var scored = _denial.Transform(data);
        var probabilities = scored.GetColumn<float>("Probability").ToList();
        var contributions = scored.GetColumn<float[]>("FeatureContributions").ToList();
        var reasonScores = _reason?.Transform(data).GetColumn<float[]>("Score").ToList();
        var result = new List<RiskScore>(claims.Count);
        for (var i = 0; i < claims.Count; i++)
        {
            result.Add(Result(claims[i], probabilities[i], contributions[i], reasonScores?[i]));
        }

        return result;
    }

    private RiskScore Result(ScoringClaim claim, float probability, float[] contributions, float[]? reasonScores)
    {
        var p = Math.Clamp(probability, 0, 1);
        return new RiskScore(claim.ClaimId, (int)Math.Round(p * 100), p, Reasons(claim, reasonScores), Explain(claim, contributions), Card.Version, ColdStart: false);
    }

    /// <summary>
    /// The reason model's categories, most likely first, each with the CARC it typically carries and, when the claim
    /// matches a learned payer rule whose reason falls in that category, the rule's own CARC and its evidence in words.
    /// (Letting a matching rule reorder the categories was measured on randomized practices and lost top-1 hits: a claim
    /// often matches a weaker rule beside its real cause; the reason model already reads every rule as a feature.)
    /// </summary>
    private List<RiskReason> Reasons(ScoringClaim claim, float[]? scores)
    {
        var probabilities = scores is not null && Card.ReasonClasses.Count == scores.Length
            ? Card.ReasonClasses.Select((c, i) => (Category: Enum.Parse<DenialCategory>(c), P: (double)scores[i])).ToList()
            : Card.CategoryPriors.Select(kv => (Category: Enum.Parse<DenialCategory>(kv.Key), P: kv.Value)).ToList();
        return probabilities.OrderByDescending(x => x.P).ThenBy(x => x.Category).Take(3)
            .Select(x => _stats.Rules.Best(claim, x.Category) is { } rule
                ? new RiskReason(x.Category, Math.Round(x.P, 4)) { Carc = rule.Carcs.Count > 0 ? rule.Carcs[0] : Card.CategoryCarcs.GetValueOrDefault(x.Category.ToString()), Rule = rule.Evidence }
                : new RiskReason(x.Category, Math.Round(x.P, 4)) { Carc = Card.CategoryCarcs.GetValueOrDefault(x.Category.ToString()) })
            .ToList();
    }

    /// <summary>The features that pushed this claim's score up most, each as its plain-language line; three at most.</summary>
    private List<string> Explain(ScoringClaim claim, float[] contributions)
    {
        var lines = new List<string>();
        foreach (var feature in Enumerable.Range(0, contributions.Length).Where(i => contributions[i] > 0.05f).OrderByDescending(i => contributions[i]))
        {
            if (DenialFeatures.Explain(feature, claim, _stats) is { } line && !lines.Contains(line))
            {
                lines.Add(line);
            }

            if (lines.Count == 3)
            {
                break;
            }
        }

        if (lines.Count == 0)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"Nothing stands out: {claim.PayerName} denied {_stats.Rate(HistoryStats.PayerKey(claim.PayerId)):P0} of this practice's claims."));
        }

        return lines;
    }

    /// <summary>
    /// Cold start: the history's denial rate (10% without history), raised by each finding (hold 0.5, review 0.15) as
    /// independent chances of denial; reasons from the findings' predicted CARCs; the first explanation line says so.
    /// </summary>
    private RiskScore ColdStartScore(ScoringClaim claim)
    {
        var baseRate = Card.HistoryClaims > 0 ? Card.HistoryDenials / (double)Card.HistoryClaims : 0.10;
        var pass = 1 - baseRate;
        var weights = new Dictionary<DenialCategory, double>();
        foreach (var finding in claim.Findings)
        {
            var prior = finding.Severity switch
            {
                FindingSeverity.Hold => HoldPrior,
                FindingSeverity.Review => ReviewPrior,
                _ => 0,
            };
            pass *= 1 - prior;
            var category = finding.PredictedCarc is { } carc ? ScoringCauses.Of(carc) : DenialCategory.Other;
            weights[category] = weights.GetValueOrDefault(category) + prior;
        }

        var total = weights.Values.Sum();
        var reasons = total > 0
            ? weights.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Take(3).Select(kv => new RiskReason(kv.Key, Math.Round(kv.Value / total, 4))).ToList()
            : Reasons(claim, null);
        var explanation = new List<string>
        {
            $"Cold start: {Card.ColdStartReason} Until then the score comes from the scrubber's findings.",
        };
        // The findings themselves are listed under the checks: the explanation counts them rather than repeating them.
        var holds = claim.Findings.Count(f => f.Severity == FindingSeverity.Hold);
        var reviews = claim.Findings.Count(f => f.Severity == FindingSeverity.Review);
        explanation.Add(holds + reviews == 0
            ? "No hold or review is open in the checks, so the score is the practice's usual denial rate."
            : string.Create(CultureInfo.InvariantCulture, $"Raised by the open checks: {holds} hold(s), {reviews} review(s)."));
        var p = 1 - pass;
        return new RiskScore(claim.ClaimId, (int)Math.Round(p * 100), p, reasons, explanation, Card.Version, ColdStart: true);
    }
}
