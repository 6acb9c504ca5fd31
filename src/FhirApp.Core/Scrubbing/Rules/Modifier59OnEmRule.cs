using FhirApp.Core.Scrubbing.Tables;

namespace FhirApp.Core.Scrubbing.Rules;

/// <summary>
/// Modifier 59 (or XE / XS / XP / XU) on an E/M code is wrong: it is for procedures; a separately identifiable E/M takes 25.
/// Review rather than hold because the fix (25 or removal) depends on the note. CARC 4 (modifier inconsistent with the code).
/// </summary>
public sealed class Modifier59OnEmRule : IScrubRule
{
    private static readonly SourceCitation Policy = new("CMS NCCI Policy Manual for Medicare Services", "2026",
        "chapter I, section E (modifiers and modifier indicators): modifier 59 and its X{EPSU} subsets are not used on E/M services; modifier 25 applies");

    public string Id => "modifiers.59-em";

    public FindingCategory Category => FindingCategory.Modifiers;

    public IEnumerable<ScrubFinding> Evaluate(ScrubInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        foreach (var line in input.Facts.Lines.Where(l => CodePatterns.IsEm(l.Code)))
        {
            var wrong = line.Modifiers.Where(ModifierSets.DistinctService.Contains).ToList();
            if (wrong.Count == 0)
            {
                continue;
            }
            yield return new ScrubFinding
            {
                RuleId = "modifiers.59-on-em",
                Category = Category,
                Severity = FindingSeverity.Review,
                PredictedCarc = "CO-4",
                Message = $"Modifier {string.Join('/', wrong)} is on E/M {line.Code} (line {line.Sequence}); it is for procedures. Use 25 if the note shows a separately identifiable problem, otherwise remove the modifier.",
                Source = Policy,
                Trigger = [RuleText.Line(line)],
                LineSequence = line.Sequence,
            };
        }
    }
}
