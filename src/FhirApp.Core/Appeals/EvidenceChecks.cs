using FhirApp.Core.Scrubbing.Rules;

namespace FhirApp.Core.Appeals;

/// <summary>
/// The literal checks criteria.json can name, each one of NoteEvidence's patterns: retrieval ranks sentences, a check
/// decides whether a sentence really answers the criterion (so a quote is never chosen for merely sharing words).
/// </summary>
internal static class EvidenceChecks
{
    private static readonly Dictionary<string, Func<string, bool>> Checks = new(StringComparer.Ordinal)
    {
        ["symptom"] = NoteEvidence.HasSymptom,
        ["symptom-duration"] = NoteEvidence.HasSymptomDuration,
        ["failed-conservative-therapy"] = NoteEvidence.HasFailedConservativeTherapy,
        ["conservative-therapy-duration"] = NoteEvidence.HasConservativeTherapyDuration,
        ["imaging-finding"] = NoteEvidence.HasImagingFinding,
        ["separate-problem"] = NoteEvidence.HasSeparateProblem,
        ["management-work"] = NoteEvidence.HasManagementWork,
        ["session-times"] = text => NoteEvidence.FindSessionTimes(text) is not null,
        ["session-content"] = NoteEvidence.HasSessionContent,
        ["comorbidity"] = NoteEvidence.HasComorbidity,
        ["comorbidity-value"] = NoteEvidence.HasComorbidityValue,
        ["distinct-site"] = NoteEvidence.HasDistinctSiteOrSession,
    };

    public static bool IsKnown(string check) => Checks.ContainsKey(check);

    public static bool Passes(string check, string sentence) => Checks[check](sentence);
}
