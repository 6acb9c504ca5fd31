using System.Text.RegularExpressions;

namespace FhirApp.Core.Claims;

/// <summary>
/// Decides which adjudication reasons deny money and what a payer decision amounts to. The only place that knows
/// that CO-45 (contractual), CO-253 (sequestration) and PR-1/2/3 (deductible, coinsurance, copay) are not denials
/// (they are the contract, a withholding or the patient's share), and how CARC and group codes are spelled across ClaimResponse, CARIN and Blue Button data.
/// </summary>
internal static partial class DenialClassifier
{
    private static readonly HashSet<string> GroupCodes = new(StringComparer.Ordinal) { "CO", "CR", "OA", "PI", "PR" };

    // CARCs that adjust money without denying it, whatever the group.
    private static readonly HashSet<string> NonDenialCarcs = new(StringComparer.Ordinal)
    {
        "1", // deductible
        "2", // coinsurance
        "3", // copay
        "45", // charge exceeds fee schedule: contractual write-down
        "253", // sequestration
    };

    /// <summary>Whether a coding system carries X12 Claim Adjustment Reason Codes.</summary>
    public static bool IsCarcSystem(string? system) =>
        system is not null
        && (system.Contains("claim-adjustment-reason", StringComparison.OrdinalIgnoreCase)
            || system.Contains("ANSI-RSN", StringComparison.OrdinalIgnoreCase)
            || system.EndsWith("/carc", StringComparison.OrdinalIgnoreCase)
            || system.EndsWith("-carc", StringComparison.OrdinalIgnoreCase)
            || system.EndsWith("/139", StringComparison.Ordinal));

    /// <summary>Whether a coding system carries X12 claim adjustment group codes (CO, PR…).</summary>
    public static bool IsGroupSystem(string? system) =>
        system is not null
        && (system.Contains("claim-adjustment-group", StringComparison.OrdinalIgnoreCase)
            || system.Contains("ANSI-GRP", StringComparison.OrdinalIgnoreCase)
            || system.EndsWith("group-code", StringComparison.OrdinalIgnoreCase)
            || system.EndsWith("-cagc", StringComparison.OrdinalIgnoreCase)
            || system.EndsWith("/1033", StringComparison.Ordinal));

    /// <summary>Whether a code has the shape of a CARC: 1–3 digits, or a letter and 1–2 digits (B7, P14).</summary>
    public static bool LooksLikeCarc(string code) => CarcShape().IsMatch(code);

    /// <summary>Whether a code is a known group code.</summary>
    public static bool IsGroupCode(string code) => GroupCodes.Contains(code);

    /// <summary>Splits a combined code as Blue Button writes it ("CO120", "PR-27") into group and CARC.</summary>
    public static bool TrySplitGroupAndCarc(string code, out string group, out string carc)
    {
        var match = GroupAndCarc().Match(code);
        group = match.Success ? match.Groups[1].Value : "";
        carc = match.Success ? match.Groups[2].Value : "";
        return match.Success;
    }

    /// <summary>The group a CARC implies when the data gives none: 1, 2 and 3 are patient responsibility.</summary>
    public static string? ImpliedGroup(string carc) => carc is "1" or "2" or "3" ? "PR" : null;

    /// <summary>Whether a reason denies money.</summary>
    /// <param name="group">Group code, if known.</param>
    /// <param name="code">The reason code.</param>
    /// <param name="isCarc">Whether <paramref name="code"/> is a CARC.</param>
    /// <param name="system">The code's system, for non-CARC reasons.</param>
    public static bool IsDenial(string? group, string code, bool isCarc, string? system)
    {
        if (!isCarc)
        {
            // A pharmacy claim rejection (CARIN rejectreason slice) is a denial; other payer-specific codes
            // (e.g. THO adjudication-reason "plan limit reached" on a paid line) are informational here.
            return system is not null && system.Contains("NCPDPRejectCode", StringComparison.OrdinalIgnoreCase);
        }

        // Reversals and corrections move money between claims; they are not a decision against this one.
        return group != "CR" && !NonDenialCarcs.Contains(code);
    }

    /// <summary>
    /// The outcome label of one adjudication: Queued / Error by FHIR outcome; Denied when every adjudicated line has a
    /// denial reason and no benefit; Partially denied when some do; Partially paid for reductions; else Paid.
    /// </summary>
    public static string ClassifyOutcome(
        string? fhirOutcome,
        IReadOnlyList<LineAdjudication> lines,
        IReadOnlyList<AdjudicationReason> headerReasons,
        decimal? paid)
    {
        switch (fhirOutcome)
        {
            case "queued":
                return ClaimOutcomes.Queued;
            case "error":
                return ClaimOutcomes.Error;
        }

        var deniedLines = lines.Count(l => l.Denied);
        if (deniedLines > 0)
        {
            return deniedLines == lines.Count ? ClaimOutcomes.Denied : ClaimOutcomes.PartiallyDenied;
        }

        var lineDenialWithBenefit = lines.Any(l => l.Reasons.Any(r => r.IsDenial));
        if (headerReasons.Any(r => r.IsDenial))
        {
            // Institutional EOBs give reasons at the header only.
            return (paid ?? 0) == 0 && !lineDenialWithBenefit ? ClaimOutcomes.Denied : ClaimOutcomes.PartiallyPaid;
        }

        return lineDenialWithBenefit || fhirOutcome == "partial" ? ClaimOutcomes.PartiallyPaid : ClaimOutcomes.Paid;
    }

    /// <summary>Whether a line is denied: a denial reason and no benefit (unknown benefit counts as none unless the header paid).</summary>
    public static bool IsLineDenied(IReadOnlyList<AdjudicationReason> reasons, decimal? linePaid, decimal? headerPaid)
    {
        if (!reasons.Any(r => r.IsDenial))
        {
            return false;
        }

        return linePaid is { } value ? value == 0 : (headerPaid ?? 0) == 0;
    }

    [GeneratedRegex("^([1-9][0-9]{0,2}|[A-Z][0-9]{1,2})$", RegexOptions.CultureInvariant)]
    private static partial Regex CarcShape();

    [GeneratedRegex("^(CO|CR|OA|PI|PR)-?([1-9][0-9]{0,2}|[A-Z][0-9]{1,2})$", RegexOptions.CultureInvariant)]
    private static partial Regex GroupAndCarc();
}
