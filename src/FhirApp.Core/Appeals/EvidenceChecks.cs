using FhirApp.Core.Scrubbing.Rules;

namespace FhirApp.Core.Appeals;

/// <summary>
/// The literal checks criteria.json can name, each one pattern of <see cref="NoteEvidence"/> (shared with the scrubber)
/// or <see cref="ChartPatterns"/>: retrieval ranks sentences, a check decides whether a sentence really answers the
/// criterion (so a quote is never chosen for merely sharing words).
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
        ["problem-assessed"] = ChartPatterns.HasProblemAssessed,
        ["indication"] = ChartPatterns.HasIndication,
        ["dose"] = ChartPatterns.HasDose,
        ["timed-minutes"] = ChartPatterns.HasTimedMinutes,
        ["anesthesia-time"] = ChartPatterns.HasAnesthesiaTime,
        ["asa-status"] = ChartPatterns.HasAsaStatus,
        ["plan-of-care"] = ChartPatterns.HasPlanOfCare,
        ["functional-goal"] = ChartPatterns.HasFunctionalGoal,
        ["measured-progress"] = ChartPatterns.HasMeasuredProgress,
        ["skilled-intervention"] = ChartPatterns.HasSkilledIntervention,
        ["mechanical-symptoms"] = ChartPatterns.HasMechanicalSymptoms,
        ["cardiac-indication"] = ChartPatterns.HasCardiacIndication,
        ["change-in-status"] = ChartPatterns.HasChangeInStatus,
        ["cardiac-test-result"] = ChartPatterns.HasCardiacTestResult,
        ["failed-medical-therapy"] = ChartPatterns.HasFailedMedicalTherapy,
        ["interactive-complexity"] = ChartPatterns.HasInteractiveComplexity,
        ["quantity"] = ChartPatterns.HasQuantity,
    };

    /// <summary>Checks whose opposite a note can state outright: then the chart contradicts the appeal.</summary>
    private static readonly Dictionary<string, Func<string, bool>> Contradictions = new(StringComparer.Ordinal)
    {
        ["distinct-site"] = ChartPatterns.SaysSameSite,
    };

    public static bool IsKnown(string check) => Checks.ContainsKey(check);

    public static bool Passes(string check, string sentence) => Checks[check](sentence);

    /// <summary>True when the sentence states the opposite of what the check looks for ("in the same compartment").</summary>
    public static bool Contradicts(string check, string sentence) => Contradictions.TryGetValue(check, out var contradicts) && contradicts(sentence);

    public static bool CanBeContradicted(string check) => Contradictions.ContainsKey(check);
}
