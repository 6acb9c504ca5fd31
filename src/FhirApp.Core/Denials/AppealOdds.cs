using System.Globalization;

namespace FhirApp.Core.Denials;

/// <summary>
/// Appeal success probability from the practice's own decided appeals: the category's configured overturn rate
/// (carc-categories.json) shrunk, level by level, toward what happened to appeals of that category, then that payer,
/// then that appeal level, then that evidence completeness. Each step is a Beta-binomial mean with
/// <see cref="PriorWeight"/> pseudo-appeals of the step before, so a handful of outcomes moves the estimate and a
/// single one cannot swing it. A partial overturn counts half.
/// </summary>
public static class AppealOdds
{
    /// <summary>How many decided appeals the step before is worth.</summary>
    public const double PriorWeight = 5;

    public static EvidenceCompleteness CompletenessOf(int found, int total) =>
        total == 0 || found == 0 ? EvidenceCompleteness.None : found >= total ? EvidenceCompleteness.Complete : EvidenceCompleteness.Partial;

    /// <summary>Only decided appeals count; <paramref name="completeness"/> null skips the last step (no packet built yet).</summary>
    public static AppealEstimate Estimate(IReadOnlyCollection<AppealOutcomeFact> history, double prior, DenialCategory category, string? payer, string level, EvidenceCompleteness? completeness)
    {
        ArgumentNullException.ThrowIfNull(history);
        var decided = history.Where(h => h.Outcome is AppealStatus.Overturned or AppealStatus.Upheld or AppealStatus.Partial).ToList();
        var p = prior;
        var cell = decided.Where(h => h.Category == category).ToList();
        p = Shrink(cell, p);
        var used = cell.Count;
        var basis = new List<string>();
        if (cell.Count > 0)
        {
            basis.Add(string.Create(CultureInfo.InvariantCulture, $"{cell.Count} decided {Words(category)} appeal(s)"));
        }

        cell = cell.Where(h => h.PayerId == payer).ToList();
        p = Shrink(cell, p);
        if (cell.Count > 0)
        {
            basis.Add(string.Create(CultureInfo.InvariantCulture, $"{cell.Count} with this payer"));
        }

        cell = cell.Where(h => h.Level == level).ToList();
        p = Shrink(cell, p);
        if (cell.Count > 0)
        {
            basis.Add(string.Create(CultureInfo.InvariantCulture, $"{cell.Count} at this level"));
        }

        if (completeness is { } c)
        {
            cell = cell.Where(h => h.Completeness == c).ToList();
            p = Shrink(cell, p);
            if (cell.Count > 0)
            {
                basis.Add(string.Create(CultureInfo.InvariantCulture, $"{cell.Count} with {c.ToString().ToLowerInvariant()} evidence"));
            }
        }

        var text = used == 0
            ? string.Create(CultureInfo.InvariantCulture, $"No decided {Words(category)} appeals yet: the category's typical overturn rate ({prior:P0}).")
            : string.Create(CultureInfo.InvariantCulture, $"From {string.Join(", ", basis)}, starting from the category's typical rate ({prior:P0}).");
        return new AppealEstimate(p, used, text);
    }

    private static double Shrink(List<AppealOutcomeFact> cell, double prior)
    {
        var wins = cell.Sum(h => h.Outcome switch { AppealStatus.Overturned => 1.0, AppealStatus.Partial => 0.5, _ => 0.0 });
        return (wins + (PriorWeight * prior)) / (cell.Count + PriorWeight);
    }

    /// <summary>The category in words for the basis a biller reads ("medical necessity", not the enum's name).</summary>
    private static string Words(DenialCategory category) => DenialNames.Of(category).Replace('-', ' ');
}
