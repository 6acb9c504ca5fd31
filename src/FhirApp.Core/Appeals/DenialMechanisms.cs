using FhirApp.Core.Claims;
using FhirApp.Core.Denials;

namespace FhirApp.Core.Appeals;

/// <summary>
/// The mechanism of a denied line, from the denial intake's classification (<see cref="DenialCauseTable"/>: category and
/// rule family, the one owner of "what caused this denial") and the line as billed (its modifiers, whether it is an E/M).
/// Only a handful of CARCs name a mechanism the category does not (a non-covered benefit, a credentialing gap).
/// </summary>
internal static class DenialMechanisms
{
    /// <summary>The mechanisms an appeal argues (each has criteria and a generic set in criteria.json).</summary>
    public static readonly AppealMechanism[] Argued =
    [
        AppealMechanism.MedicalNecessity, AppealMechanism.Modifier25, AppealMechanism.DistinctProcedure, AppealMechanism.Units,
        AppealMechanism.Authorization, AppealMechanism.TimelyFiling, AppealMechanism.Eligibility, AppealMechanism.Duplicate,
        AppealMechanism.Bundling,
    ];

    // CARCs for a benefit the plan does not cover, and for a provider the plan had not enrolled: the cause table files
    // them under eligibility, but neither is argued with the patient's coverage.
    private static readonly HashSet<string> NonCoveredCarcs = new(StringComparer.OrdinalIgnoreCase) { "96", "204", "49", "55" };
    private static readonly HashSet<string> EnrollmentCarcs = new(StringComparer.OrdinalIgnoreCase) { "B7", "185", "170", "242", "8" };

    private static readonly HashSet<string> DistinctModifiers = new(StringComparer.OrdinalIgnoreCase) { "59", "XE", "XS", "XP", "XU" };

    public static bool IsArgued(AppealMechanism mechanism) => Argued.Contains(mechanism);

    public static AppealMechanism Of(DetectedDenial denial, ClaimLineDetail? line)
    {
        ArgumentNullException.ThrowIfNull(denial);
        var modifiers = line?.Modifiers ?? [];
        var isEm = line?.Code is { } code && IsEvaluationAndManagement(code);
        var hasDistinct = modifiers.Any(DistinctModifiers.Contains);
        var has25 = modifiers.Contains("25", StringComparer.OrdinalIgnoreCase);
        if (denial.Carc is { } carc && NonCoveredCarcs.Contains(carc))
        {
            return AppealMechanism.NonCovered;
        }

        if (denial.Carc is { } enrollment && EnrollmentCarcs.Contains(enrollment))
        {
            return AppealMechanism.ProviderEnrollment;
        }

        var cause = denial.Cause;
        return cause.Category switch
        {
            DenialCategory.MedicalNecessity => AppealMechanism.MedicalNecessity,
            DenialCategory.Authorization => cause.Rule == "units" ? AppealMechanism.Units : AppealMechanism.Authorization,
            DenialCategory.TimelyFiling => AppealMechanism.TimelyFiling,
            DenialCategory.Eligibility => AppealMechanism.Eligibility,
            DenialCategory.Duplicate => AppealMechanism.Duplicate,
            DenialCategory.MissingInformation => AppealMechanism.MissingInformation,
            DenialCategory.Bundling or DenialCategory.Coding when isEm && has25 && cause.Rule is "modifiers" or null => AppealMechanism.Modifier25,
            DenialCategory.Bundling or DenialCategory.Coding when hasDistinct && cause.Rule is "modifiers" or null => AppealMechanism.DistinctProcedure,
            DenialCategory.Bundling => AppealMechanism.Bundling,
            DenialCategory.Coding when cause.Rule == "units" => AppealMechanism.Units,
            // "Does not support this level of service" (CO-150): argued from the note like necessity.
            DenialCategory.Coding when cause.Rule == "documentation" => AppealMechanism.MedicalNecessity,
            DenialCategory.Coding => AppealMechanism.Coding,
            _ => AppealMechanism.Other,
        };
    }

    /// <summary>Office, hospital, emergency, consultation and home E/M codes.</summary>
    public static bool IsEvaluationAndManagement(string code) =>
        code.Length == 5 && code.All(char.IsAsciiDigit) && code[0] == '9' && code[1] == '9' && string.CompareOrdinal(code, "99202") >= 0 && string.CompareOrdinal(code, "99499") <= 0;

    /// <summary>The line carries a distinct-procedure modifier (59, XE, XS, XP, XU).</summary>
    public static bool HasDistinctModifier(IEnumerable<string> modifiers) => modifiers.Any(DistinctModifiers.Contains);
}
