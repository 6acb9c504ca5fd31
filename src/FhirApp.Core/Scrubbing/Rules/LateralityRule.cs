namespace FhirApp.Core.Scrubbing.Rules;

/// <summary>
/// Contradictory laterality on one line: RT with LT, or 50 (bilateral) with RT or LT. Review, because the fix is either
/// two lines (one per side) or 50 alone, as the payer prefers. CARC 4 (modifier inconsistent with the procedure).
/// </summary>
public sealed class LateralityRule : IScrubRule
{
    private static readonly SourceCitation Policy = new("HCPCS Level II modifiers RT / LT and CPT modifier 50 (bilateral procedure)", "current",
        "one side per line: RT, LT, or 50 for both sides");

    public string Id => "modifiers.laterality";

    public FindingCategory Category => FindingCategory.Modifiers;

    public IEnumerable<ScrubFinding> Evaluate(ScrubInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        foreach (var line in input.Facts.Lines)
        {
            var right = line.Modifiers.Contains("RT");
            var left = line.Modifiers.Contains("LT");
            var bilateral = line.Modifiers.Contains("50");
            if (!(right && left) && !(bilateral && (right || left)))
            {
                continue;
            }
            yield return new ScrubFinding
            {
                RuleId = "modifiers.laterality-conflict",
                Category = Category,
                Severity = FindingSeverity.Review,
                PredictedCarc = "CO-4",
                Message = bilateral
                    ? $"Line {line.Sequence} ({line.Code}) has 50 (bilateral) together with {(right && left ? "RT and LT" : right ? "RT" : "LT")}. Bill 50 alone, or one line per side with RT and LT, as the payer requires."
                    : $"Line {line.Sequence} ({line.Code}) has both RT and LT. Bill one line per side, or 50 if the procedure was bilateral.",
                Source = Policy,
                Trigger = [RuleText.Line(line)],
                LineSequence = line.Sequence,
            };
        }
    }
}
