using System.Globalization;
using FhirApp.Core.Denials;

namespace FhirApp.Core.Metrics;

/// <summary>
/// A root cause in words: what happened ("Acme Health Plan denied 9 claims for 20610 for a missing authorization since
/// March 2026") and what to do first, by the cause's category and the team that owns the fix.
/// </summary>
public static class RootCauseAdvice
{
    /// <summary>What happened, with the payer by name.</summary>
    public static string Finding(RootCause cause, string payerName)
    {
        ArgumentNullException.ThrowIfNull(cause);
        var c = CultureInfo.InvariantCulture;
        var claims = cause.Claims == 1 ? "1 claim" : string.Create(c, $"{cause.Claims} claims");
        var code = cause.Procedure is null ? "" : $" for {cause.Procedure}";
        var why = CarcWords.Of(cause.Carc) is { } words ? $" ({cause.Reason}: {words})" : cause.Reason is null ? "" : $" ({cause.Reason})";
        var since = cause.Since is { } day ? " since " + day.ToString("MMMM yyyy", c) : "";
        return string.Create(c, $"{payerName} denied {claims}{code}{why}{since}: {cause.Amount.ToString("$#,##0.00", c)}.");
    }

    /// <summary>The concrete next step, naming the check to turn on and who to train.</summary>
    public static string Recommendation(RootCause cause, string payerName)
    {
        ArgumentNullException.ThrowIfNull(cause);
        var code = cause.Procedure ?? "these services";
        var team = Team(cause.Owner);
        var turnBackOn = cause.RuleTurnedOff is not null
            ? $"The {Check(cause.RuleFamily)} is turned off for {payerName}: turn it back on (Payer rules). "
            : "";
        return turnBackOn + cause.Category switch
        {
            DenialCategory.Authorization => $"Turn on the authorization check for {code} with {payerName}, and train {team} to get the authorization number on the claim before the visit.",
            DenialCategory.Eligibility => $"Check {payerName} coverage at every visit before the claim goes out (eligibility check), and train {team} to update the patient's insurance on file.",
            DenialCategory.MissingInformation => $"Complete the missing claim information before submission: keep the missing-information check on for {payerName}, and train {team} on what it needs.",
            DenialCategory.Coding => $"Have a coder review how {code} is coded and billed to {payerName} (codes, modifiers and units), and keep the coding checks on before submission.",
            DenialCategory.Bundling => $"Review the code pairs and modifiers billed with {code}: bill it separately only when the note shows a distinct service, and keep the code-pair check on.",
            DenialCategory.MedicalNecessity => $"Ask the clinicians to document why {code} was needed (diagnosis and findings in the note), and check {payerName}'s coverage policy for {code} before the visit.",
            DenialCategory.TimelyFiling => $"Submit {payerName} claims well within its filing limit: work the pre-submit queue's filing warnings daily ({team}).",
            DenialCategory.Duplicate => $"Check a claim's status with {payerName} before sending it again, and send corrections as replacement claims ({team}).",
            _ => $"Look at these claims together with {team} to find what they share, then add a check for it before submission.",
        };
    }

    private static string Team(DenialOwner owner) => owner switch
    {
        DenialOwner.FrontDesk => "the front desk",
        DenialOwner.Coding => "the coders",
        DenialOwner.Authorization => "the front desk (authorizations)",
        DenialOwner.Clinician => "the clinicians",
        _ => "the billing team",
    };

    private static string Check(string? family) => family switch
    {
        "auth" => "authorization check",
        "eligibility" => "eligibility check",
        "filing" => "filing-limit check",
        "modifiers" => "modifier check",
        "units" => "units check",
        "coding" => "coding check",
        "duplicate" => "duplicate check",
        "missing" => "missing-information check",
        "documentation" => "documentation check",
        "demographics" => "patient details check",
        _ => "related check",
    };
}
