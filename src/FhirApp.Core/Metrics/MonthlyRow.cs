namespace FhirApp.Core.Metrics;

/// <summary>One month of the denial trend (month of the decision date, "yyyy-MM").</summary>
public sealed record MonthlyRow(string Month, int ClaimsAdjudicated, int ClaimsDenied, decimal SubmittedDollars, decimal DeniedDollars)
{
    public double? RateByCount => ClaimsAdjudicated == 0 ? null : (double)ClaimsDenied / ClaimsAdjudicated;

    public double? RateByDollars => SubmittedDollars == 0 ? null : (double)(DeniedDollars / SubmittedDollars);
}
