namespace FhirApp.Core.Metrics;

/// <summary>
/// What denials cost the practice a month (DOMAIN.md §4's small-practice model): claims a month × denial rate × the cost
/// of reworking one denied claim, plus the denied dollars lost a month (written off, or past the appeal deadline without
/// an appeal). Figures are over the last 12 months, divided by the months in them that had decisions, so a practice with
/// three months of history is not averaged over twelve.
/// </summary>
public sealed record DenialCost
{
    /// <summary>Months of the last 12 in which the payers decided at least one claim: the divisor.</summary>
    public int MonthsWithDecisions { get; init; }

    public int ClaimsAdjudicated { get; init; }

    public int ClaimsDenied { get; init; }

    /// <summary>Dollars per reworked claim: the practice's figure, or the default.</summary>
    public decimal ReworkCostPerClaim { get; init; }

    /// <summary>True when an owner set the practice's own figure; false for the documented default.</summary>
    public bool ReworkCostIsPractices { get; init; }

    /// <summary>Denied dollars on items written off.</summary>
    public decimal WrittenOff { get; init; }

    /// <summary>Denied dollars whose appeal deadline passed with the item still open and no appeal sent.</summary>
    public decimal NeverAppealed { get; init; }

    public double ClaimsPerMonth => MonthsWithDecisions == 0 ? 0 : (double)ClaimsAdjudicated / MonthsWithDecisions;

    public double DenialRate => ClaimsAdjudicated == 0 ? 0 : (double)ClaimsDenied / ClaimsAdjudicated;

    public decimal LostPerMonth => MonthsWithDecisions == 0 ? 0 : decimal.Round((WrittenOff + NeverAppealed) / MonthsWithDecisions, 2);

    public decimal MonthlyCost => Compute(ClaimsPerMonth, DenialRate, ReworkCostPerClaim, LostPerMonth);

    /// <summary>The formula, for the figures above or any a user types in: claims × rate × rework cost + lost dollars, to the cent.</summary>
    public static decimal Compute(double claimsPerMonth, double denialRate, decimal reworkCost, decimal lostPerMonth) =>
        decimal.Round((decimal)(claimsPerMonth * denialRate) * reworkCost + lostPerMonth, 2, MidpointRounding.AwayFromZero);
}
