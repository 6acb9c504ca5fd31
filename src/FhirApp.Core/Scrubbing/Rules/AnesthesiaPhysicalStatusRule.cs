using FhirApp.Core.Scrubbing.Tables;

namespace FhirApp.Core.Scrubbing.Rules;

/// <summary>
/// Every anesthesia code (00100–01999) carries exactly one physical status modifier, P1 to P6: payers that pay the
/// P3–P5 base units deny the line without it, and two contradict each other. Hold, CARC 4 (required modifier missing).
/// </summary>
public sealed class AnesthesiaPhysicalStatusRule : IScrubRule
{
    private static readonly SourceCitation Policy = new("Anesthesia physical status modifiers P1-P6 (ASA physical status classification)", "current",
        "one physical status modifier on every anesthesia code 00100-01999");

    public string Id => "modifiers.anesthesia";

    public FindingCategory Category => FindingCategory.Modifiers;

    public IEnumerable<ScrubFinding> Evaluate(ScrubInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        foreach (var line in input.Facts.Lines.Where(l => CodePatterns.IsAnesthesia(l.Code)))
        {
            var status = line.Modifiers.Where(ModifierSets.PhysicalStatus.Contains).Distinct().ToList();
            if (status.Count == 1)
            {
                continue;
            }
            yield return new ScrubFinding
            {
                RuleId = "modifiers.anesthesia-status",
                Category = Category,
                Severity = FindingSeverity.Hold,
                PredictedCarc = "CO-4",
                Message = status.Count == 0
                    ? $"Anesthesia code {line.Code} (line {line.Sequence}) has no physical status modifier. Add the one (P1-P6) the pre-anesthesia record gives."
                    : $"Anesthesia code {line.Code} (line {line.Sequence}) has {status.Count} physical status modifiers ({string.Join(", ", status)}). Keep the one the pre-anesthesia record gives.",
                Source = Policy,
                Trigger = [RuleText.Line(line)],
                LineSequence = line.Sequence,
            };
        }
    }
}
