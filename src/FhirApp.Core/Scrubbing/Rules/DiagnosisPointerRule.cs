using FhirApp.Core.Scrubbing.Corrections;

namespace FhirApp.Core.Scrubbing.Rules;

/// <summary>
/// Every service line must point to at least one claim diagnosis (837P SV107), each pointer must exist, and at most
/// four are carried. A line without a valid pointer is rejected as incomplete (CO-16 with RARC M76); more than four is a
/// review because the clearinghouse silently drops the rest.
/// </summary>
public sealed class DiagnosisPointerRule : IScrubRule
{
    private const int MaxPointers = 4;

    private static readonly SourceCitation X12 = new("ASC X12 837P professional claim", "005010X222A1");

    public string Id => "coding.dx-pointer";

    public FindingCategory Category => FindingCategory.Coding;

    public IEnumerable<ScrubFinding> Evaluate(ScrubInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var count = input.Facts.Diagnoses.Count;
        foreach (var line in input.Facts.Lines)
        {
            var trigger = new List<string> { RuleText.Line(line), $"diagnosis pointers = {(line.DiagnosisPointers.Count == 0 ? "none" : string.Join(',', line.DiagnosisPointers))}", $"claim diagnoses = {count}" };
            var dangling = line.DiagnosisPointers.Where(p => p > count).ToList();
            if (line.DiagnosisPointers.Count == 0)
            {
                yield return Finding("coding.dx-pointer-missing", FindingSeverity.Hold, line, trigger,
                    $"Line {line.Sequence} ({line.Code}) points to no diagnosis. Link it to the diagnosis the service treats.",
                    "loop 2400 SV107: at least one diagnosis code pointer per service line") with
                {
                    Fix = count == 1 ? ClaimFix.SetDiagnosisPointers(line.Sequence, [1], "the claim has one diagnosis") : null,
                };
            }
            else if (dangling.Count > 0)
            {
                yield return Finding("coding.dx-pointer-invalid", FindingSeverity.Hold, line, trigger,
                    $"Line {line.Sequence} ({line.Code}) points to diagnosis {string.Join(", ", dangling)}, but the claim lists only {count}. Re-point it to an existing diagnosis.",
                    "loop 2400 SV107: each pointer refers to a diagnosis in loop 2300 HI") with
                {
                    Fix = DanglingFix(line, count),
                };
            }
            else if (line.DiagnosisPointers.Count > MaxPointers)
            {
                yield return Finding("coding.dx-pointer-too-many", FindingSeverity.Review, line, trigger,
                    $"Line {line.Sequence} ({line.Code}) points to {line.DiagnosisPointers.Count} diagnoses; only the first {MaxPointers} are sent. Put the most relevant ones first.",
                    "loop 2400 SV107-1 to SV107-4: at most four pointers per line");
            }
        }
    }

    /// <summary>Drop the pointers to diagnoses that do not exist when valid ones remain; point to the only diagnosis when there is one.</summary>
    private static ClaimFix? DanglingFix(ClaimLineFacts line, int count)
    {
        var valid = line.DiagnosisPointers.Where(p => p <= count).Distinct().ToList();
        return valid.Count > 0 ? ClaimFix.SetDiagnosisPointers(line.Sequence, valid, "the pointers to diagnoses the claim does not list are removed")
            : count == 1 ? ClaimFix.SetDiagnosisPointers(line.Sequence, [1], "the claim has one diagnosis")
            : null;
    }

    private ScrubFinding Finding(string ruleId, FindingSeverity severity, ClaimLineFacts line, List<string> trigger, string message, string clause) => new()
    {
        RuleId = ruleId,
        Category = Category,
        Severity = severity,
        PredictedCarc = "CO-16",
        Message = message,
        Source = X12 with { Clause = clause },
        Trigger = trigger,
        LineSequence = line.Sequence,
    };
}
