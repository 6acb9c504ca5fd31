using FhirApp.Core.Scrubbing.Tables;

namespace FhirApp.Core.Scrubbing.Rules;

/// <summary>
/// ICD-10-CM format and specificity of every claim diagnosis. A malformed code or a header (category) code is a hold:
/// payers reject a code that is not valid for submission (CARC 146, "diagnosis invalid for the date of service").
/// A code missing from the table is a review against the full CMS code set, and only info against the starter subset,
/// where it means "not checked" rather than "wrong" (false positives are what billers complain about most).
/// </summary>
public sealed class IcdCodeRule : IScrubRule
{
    public string Id => "coding.icd";

    public FindingCategory Category => FindingCategory.Coding;

    public IEnumerable<ScrubFinding> Evaluate(ScrubInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var table = input.Codes;
        for (var i = 0; i < input.Facts.Diagnoses.Count; i++)
        {
            var code = input.Facts.Diagnoses[i];
            var trigger = new[] { $"diagnosis {i + 1} = {(code.Length == 0 ? "(no ICD-10-CM code)" : RuleText.Icd(code))}" };
            if (!CodePatterns.IsIcd10Cm(code))
            {
                yield return Finding("coding.icd-format", FindingSeverity.Hold, trigger,
                    code.Length == 0
                        ? $"Diagnosis {i + 1} has no ICD-10-CM code. Code it from the note before submitting."
                        : $"Diagnosis {i + 1} '{code}' is not an ICD-10-CM code (a letter, a digit, then up to 5 more characters). Correct it from the note.",
                    table.Icd10Source with { Clause = "ICD-10-CM code structure" });
            }
            else if (table.Icd10.TryGetValue(code, out var entry))
            {
                if (!entry.Billable)
                {
                    yield return Finding("coding.icd-header", FindingSeverity.Hold, trigger,
                        $"Diagnosis {RuleText.Icd(code)} is a header (category) code, not valid for submission. Choose the more specific code under it that the note supports.",
                        table.Icd10Source with { Clause = $"{RuleText.Icd(code)}, header code (not billable)" });
                }
            }
            else if (table.Icd10.Count > 0)
            {
                yield return Finding("coding.icd-unknown", table.Icd10IsComplete ? FindingSeverity.Review : FindingSeverity.Info, trigger,
                    table.Icd10IsComplete
                        ? $"Diagnosis {RuleText.Icd(code)} is not in the ICD-10-CM code set loaded. Check the code and the code set's fiscal year."
                        : $"Diagnosis {RuleText.Icd(code)} is not in the starter ICD-10-CM subset, so its specificity was not checked. Load the CMS code file to check every code.",
                    table.Icd10Source with { Clause = $"{RuleText.Icd(code)} not listed" });
            }
        }
    }

    private ScrubFinding Finding(string ruleId, FindingSeverity severity, string[] trigger, string message, SourceCitation source) => new()
    {
        RuleId = ruleId,
        Category = Category,
        Severity = severity,
        PredictedCarc = "CO-146",
        Message = message,
        Source = source,
        Trigger = trigger,
    };
}
