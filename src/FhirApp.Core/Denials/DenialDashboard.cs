using FhirApp.Core.Common;

namespace FhirApp.Core.Denials;

/// <summary>
/// Denial metrics over a practice's stored adjudications (DOMAIN.md §5): initial denial rate by count (claims with a
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

    /// <summary>Open items by days since the decision: 0-30, 31-60, 61-90, over 90.</summary>
    public IReadOnlyList<DashboardRow> Aging { get; init; } = [];

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
        foreach (var (name, rows) in new[] { ("top_reasons_by_count", TopReasonsByCount), ("top_reasons_by_dollars", TopReasonsByDollars), ("by_payer", ByPayer), ("by_category", ByCategory), ("aging", Aging) })
        {
            csv.Append(CsvText.RowEnd);
            csv.Append(CsvText.Row(name, "count", "amount", "rate"));
            foreach (var row in rows)
            {
                csv.Append(CsvText.Row(row.Key, Invariant(row.Count), Invariant(row.Amount), row.Rate is { } rate ? Invariant(rate) : null));
            }
        }

        return csv.ToString();
    }

    private static string Invariant(IFormattable value) => value.ToString(null, System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>One row of a dashboard table.</summary>
public sealed record DashboardRow(string Key, int Count, decimal Amount, double? Rate = null);
