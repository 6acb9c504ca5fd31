namespace FhirApp.Core.Scrubbing.Rules;

/// <summary>
/// Diagnosis-to-procedure consistency against the payer's LCD-style coverage lists: a listed procedure is covered only
/// with one of the listed diagnoses. Hold with CO-167 ("diagnosis not covered"): the usual cause is a coder choosing an
/// accurate dx that is not on the list when the note supports a covered one. Medicare contractors often send CO-50
/// instead; CO-167 is the judgement for commercial payers, which is what policy files mostly describe.
/// </summary>
public sealed class DiagnosisCoverageRule : IScrubRule
{
    public string Id => "coding.dx-coverage";

    public FindingCategory Category => FindingCategory.Coding;

    public IEnumerable<ScrubFinding> Evaluate(ScrubInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Policy is not { CoverageLists.Count: > 0 } policy)
        {
            yield break;
        }
        foreach (var line in input.Facts.Lines)
        {
            // A line without pointers is judged on all claim diagnoses (the pointer rule flags it separately).
            var diagnoses = line.DiagnosisPointers.Count > 0 ? line.DiagnosisCodes : input.Facts.Diagnoses;
            foreach (var list in policy.CoverageLists.Where(l => l.Codes.Any(c => string.Equals(c.Trim(), line.Code, StringComparison.OrdinalIgnoreCase))))
            {
                var prefixes = list.DiagnosisPrefixes.Select(ClaimFacts.NormalizeIcd).Where(p => p.Length > 0).ToList();
                if (diagnoses.Any(d => prefixes.Any(p => d.StartsWith(p, StringComparison.Ordinal))))
                {
                    continue;
                }
                yield return new ScrubFinding
                {
                    RuleId = "coding.dx-not-covered",
                    Category = Category,
                    Severity = FindingSeverity.Hold,
                    PredictedCarc = "CO-167",
                    Message = $"{input.Payer?.Name ?? "The payer"} covers {line.Code} only with the diagnoses its policy lists ({string.Join(", ", list.DiagnosisPrefixes)}); none is linked to line {line.Sequence}. If the note supports a covered diagnosis, code and link it; otherwise the service is not covered.",
                    Source = policy.Cite(list.Clause),
                    Trigger = [RuleText.Line(line), $"line diagnoses = {(diagnoses.Count == 0 ? "none" : string.Join(", ", diagnoses.Select(RuleText.Icd)))}"],
                    LineSequence = line.Sequence,
                };
            }
        }
    }
}
