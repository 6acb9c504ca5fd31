using FhirApp.Core.Claims;

namespace FhirApp.Core.Appeals;

/// <summary>
/// The first appeal level and its deadline. Only Medicare's is known without the payer's contract: a redetermination
/// within 120 days of the initial determination (42 CFR 405.942), counted here from the decision's created date (the
/// rule counts from receipt, presumed 5 days after the date of the notice; counting from the created date is the safe side).
/// </summary>
internal static class AppealDeadlines
{
    private const int MedicareRedeterminationDays = 120;

    public static AppealDeadline? For(ClaimContext context, ClaimDetail detail)
    {
        var decisionDate = detail.Adjudications.Count > 0 ? detail.Adjudications[0].Date : null;
        var payer = context.Payer?.Name ?? detail.Summary.PayerName ?? "";
        if (payer.Contains("Medicare", StringComparison.OrdinalIgnoreCase) && !payer.Contains("Advantage", StringComparison.OrdinalIgnoreCase))
        {
            return new AppealDeadline("Medicare redetermination (first level)", decisionDate?.AddDays(MedicareRedeterminationDays));
        }

        return new AppealDeadline("First-level provider appeal (window per the payer contract)", null);
    }
}
