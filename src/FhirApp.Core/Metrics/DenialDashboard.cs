using FhirApp.Core.Common;

namespace FhirApp.Core.Metrics;

/// <summary>
/// Denial metrics over a practice's stored adjudications: initial denial rate by count (claims with a
/// denied line ÷ claims adjudicated) and by dollars (denied ÷ submitted), top reasons, rates by payer, and the aging
/// of open items by days since the decision. Rejections, reversals and recoupments are counted apart.
/// </summary>
public sealed record DenialDashboard
{
    public int ClaimsAdjudicated { get; init; }

    public int ClaimsDenied { get; init; }

    public int Rejections { get; init; }

    public decimal SubmittedDollars { get; init; }

    public decimal DeniedDollars { get; init; }

    public double DenialRateByCount => ClaimsAdjudicated == 0 ? 0 : (double)ClaimsDenied / ClaimsAdjudicated;

    public double DenialRateByDollars => SubmittedDollars == 0 ? 0 : (double)(DeniedDollars / SubmittedDollars);

    /// <summary>Open dollars within the deadline floor (at risk of becoming write-offs).</summary>
    public decimal DollarsNearDeadline { get; init; }

    public IReadOnlyList<DashboardRow> TopReasonsByCount { get; init; } = [];

    public IReadOnlyList<DashboardRow> TopReasonsByDollars { get; init; } = [];

    /// <summary>Per payer: denied claims (count), denied dollars, and the denial rate by count.</summary>
    public IReadOnlyList<DashboardRow> ByPayer { get; init; } = [];

    public IReadOnlyList<DashboardRow> ByCategory { get; init; } = [];

    /// <summary>
    /// Denial A/R, not total A/R (no charges or payments outside denied lines are stored): open work items by days since
    /// the decision date: 0-30, 31-60, 61-90, over 90.
    /// </summary>
    public IReadOnlyList<DashboardRow> Aging { get; init; } = [];

    /// <summary>Claims with a first adjudication (earliest stored version by decision date), the basis of first-pass yield.</summary>
    public int ClaimsFirstAdjudicated { get; init; }

    /// <summary>Claims whose first adjudication had no denied, rejected, reversed or recouped line.</summary>
    public int ClaimsCleanFirstPass { get; init; }

    /// <summary>First-pass yield (clean claim rate): clean first adjudications ÷ claims adjudicated; null when none.</summary>
    public double? FirstPassYield => ClaimsFirstAdjudicated == 0 ? null : (double)ClaimsCleanFirstPass / ClaimsFirstAdjudicated;

    /// <summary>Per billing provider (EOB.provider; who rendered the service is <see cref="ByRenderingProvider"/>): denied claims, dollars and rate.</summary>
    public IReadOnlyList<DashboardRow> ByProvider { get; init; } = [];

    /// <summary>
    /// Per rendering provider (the care-team member in a rendering/performing role; "(unknown)" when the EOB names none,
    /// as every ClaimResponse): claims with a line it rendered denied, those dollars, and the rate over the claims it
    /// rendered (the claim's rendering provider, or a denied line's own).
    /// </summary>
    public IReadOnlyList<DashboardRow> ByRenderingProvider { get; init; } = [];

    /// <summary>
    /// Per CPT/HCPCS code: claims whose line with that code was denied (a whole-claim denial counts for every code on the
    /// claim), the denied dollars on those lines, and the rate over the adjudicated claims containing the code. ClaimResponse
    /// lines carry no code, so their denials are not here.
    /// </summary>
    public IReadOnlyList<DashboardRow> ByProcedure { get; init; } = [];

    /// <summary>The last 12 months (oldest first) by month of the decision date.</summary>
    public IReadOnlyList<MonthlyRow> Monthly { get; init; } = [];

    /// <summary>
    /// Appealed claims overturned, fully or partly: the outcome recorded on the appeal screen, or for a claim only marked
    /// Appealed in the queue, the payer clearing its denied lines.
    /// </summary>
    public int AppealsOverturned { get; init; }

    /// <summary>Appealed claims with a decision (overturned, partial or upheld).</summary>
    public int AppealsEnded { get; init; }

    /// <summary>Appealed claims still waiting on the payer.</summary>
    public int AppealsPending { get; init; }

    /// <summary>Per payer: decided appeals, dollars recovered (overturned or partial), overturn rate.</summary>
    public IReadOnlyList<DashboardRow> OverturnByPayer { get; init; } = [];

    /// <summary>Overturned (incl. partial) ÷ decided appeals; null when no appeal has an outcome yet.</summary>
    public double? OverturnRate => AppealsEnded == 0 ? null : (double)AppealsOverturned / AppealsEnded;

    /// <summary>The monthly cost of denials and its inputs.</summary>
    public DenialCost Cost { get; init; } = new();

    /// <summary>Dollars recovered by appeals and kept by fixes before submission.</summary>
    public MoneyBack MoneyBack { get; init; } = new();

    /// <summary>Denied claims and dollars per month of the last 12, per payer, category, billing provider and procedure (line denials).</summary>
    public IReadOnlyDictionary<TrendDimension, IReadOnlyList<TrendPoint>> Trends { get; init; } = new Dictionary<TrendDimension, IReadOnlyList<TrendPoint>>();

    /// <summary>The repeated causes that cost the most, most dollars first.</summary>
    public IReadOnlyList<RootCause> RootCauses { get; init; } = [];

    /// <summary>Payer id → the payer's name (shipped payer files, else the remittances' own).</summary>
    public IReadOnlyDictionary<string, string> PayerNames { get; init; } = new Dictionary<string, string>();

    /// <summary>Billing provider id → its name as the remittances give it.</summary>
    public IReadOnlyDictionary<string, string> ProviderNames { get; init; } = new Dictionary<string, string>();

    /// <summary>A payer's name for screens; "Payer not named on its remittances" when none is known.</summary>
    public string PayerName(string? payerId) => payerId is not null && PayerNames.TryGetValue(payerId, out var name) ? name : "Payer not named on its remittances";

    /// <summary>A billing provider's name for screens.</summary>
    public string ProviderName(string? providerId) => providerId is not null && ProviderNames.TryGetValue(providerId, out var name) ? name : "Provider not named on its remittances";

    /// <summary>Every table as CSV (one section per table, separated by a blank line).</summary>
    public string ToCsv()
    {
        var csv = new System.Text.StringBuilder();
        csv.Append(CsvText.Row("metric", "value"));
        csv.Append(CsvText.Row("claims_adjudicated", Invariant(ClaimsAdjudicated)));
        csv.Append(CsvText.Row("claims_denied", Invariant(ClaimsDenied)));
        csv.Append(CsvText.Row("denial_rate_by_count", Invariant(DenialRateByCount)));
        csv.Append(CsvText.Row("denial_rate_by_dollars", Invariant(DenialRateByDollars)));
        csv.Append(CsvText.Row("rejections", Invariant(Rejections)));
        csv.Append(CsvText.Row("dollars_near_deadline", Invariant(DollarsNearDeadline)));
        csv.Append(CsvText.Row("claims_first_adjudicated", Invariant(ClaimsFirstAdjudicated)));
        csv.Append(CsvText.Row("claims_clean_first_pass", Invariant(ClaimsCleanFirstPass)));
        csv.Append(CsvText.Row("first_pass_yield", FirstPassYield is { } yield ? Invariant(yield) : null));
        csv.Append(CsvText.Row("appeals_overturned", Invariant(AppealsOverturned)));
        csv.Append(CsvText.Row("appeals_ended", Invariant(AppealsEnded)));
        csv.Append(CsvText.Row("appeals_pending", Invariant(AppealsPending)));
        csv.Append(CsvText.Row("overturn_rate", OverturnRate is { } overturn ? Invariant(overturn) : "no appeal outcomes yet"));
        foreach (var (name, rows) in new[] { ("top_reasons_by_count", TopReasonsByCount), ("top_reasons_by_dollars", TopReasonsByDollars), ("by_payer", ByPayer), ("by_category", ByCategory), ("by_billing_provider", ByProvider),
            ("by_rendering_provider", ByRenderingProvider), ("by_procedure", ByProcedure), ("overturn_by_payer", OverturnByPayer), ("denial_ar_aging", Aging) })
        {
            csv.Append(CsvText.RowEnd);
            csv.Append(CsvText.Row(name, "count", "amount", "rate"));
            foreach (var row in rows)
            {
                csv.Append(CsvText.Row(row.Key, Invariant(row.Count), Invariant(row.Amount), row.Rate is { } rate ? Invariant(rate) : null));
            }
        }

        csv.Append(CsvText.RowEnd);
        csv.Append(CsvText.Row("month", "claims_adjudicated", "claims_denied", "submitted", "denied", "denial_rate_by_count", "denial_rate_by_dollars"));
        foreach (var m in Monthly)
        {
            csv.Append(CsvText.Row(m.Month, Invariant(m.ClaimsAdjudicated), Invariant(m.ClaimsDenied), Invariant(m.SubmittedDollars), Invariant(m.DeniedDollars),
                m.RateByCount is { } count ? Invariant(count) : null, m.RateByDollars is { } dollars ? Invariant(dollars) : null));
        }

        return csv.ToString();
    }

    private static string Invariant(IFormattable value) => value.ToString(null, System.Globalization.CultureInfo.InvariantCulture);
}
