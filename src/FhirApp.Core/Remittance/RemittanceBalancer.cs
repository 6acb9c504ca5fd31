using System.Globalization;
using FhirApp.Core.Common.X12;

namespace FhirApp.Core.Remittance;

/// <summary>
/// The 835 balancing rules (005010X221A1 section 1.10.2): per service line, charge − paid = its CAS total; per claim,
/// charge − paid = its claim and line CAS total; per transaction, BPR02 = Σ claim payments − Σ PLB amounts. Exact, in
/// decimal: a remittance is money, and a cent off means a segment was lost or changed.
/// </summary>
internal static class RemittanceBalancer
{
    public static void Check(RemittanceAdvice remittance, X12IssueList issues)
    {
        foreach (var claim in remittance.Claims)
        {
            decimal lineAdjustments = 0;
            foreach (var line in claim.Lines)
            {
                var adjusted = line.Adjustments.Sum(a => a.Amount);
                lineAdjustments += adjusted;
                if (line.Charge - line.Paid != adjusted)
                {
                    issues.Add(line.Segment, "SVC", $"line does not balance: charge {A(line.Charge)} − paid {A(line.Paid)} = {A(line.Charge - line.Paid)}, but its adjustments (CAS) total {A(adjusted)}");
                }
            }

            var claimAdjustments = claim.Adjustments.Sum(a => a.Amount);
            if (claim.Charge - claim.Paid != claimAdjustments + lineAdjustments)
            {
                issues.Add(claim.Segment, "CLP", $"claim does not balance: charge {A(claim.Charge)} − paid {A(claim.Paid)} = {A(claim.Charge - claim.Paid)}, but its claim and line adjustments (CAS) total {A(claimAdjustments + lineAdjustments)}");
            }
        }

        var paid = remittance.Claims.Sum(c => c.Paid);
        var provider = remittance.ProviderAdjustments.Sum(p => p.Amount);
        if (remittance.TotalPayment != paid - provider)
        {
            issues.Add(remittance.PaymentSegment, "BPR", $"BPR02 total payment {A(remittance.TotalPayment)} does not balance: the claims paid {A(paid)} − provider adjustments (PLB) {A(provider)} = {A(paid - provider)}");
        }
    }

    private static string A(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
