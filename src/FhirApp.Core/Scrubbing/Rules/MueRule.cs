using FhirApp.Core.Scrubbing.Tables;

namespace FhirApp.Core.Scrubbing.Rules;

/// <summary>
/// Medically unlikely edits. MAI 1: the units of each line are limited. MAI 2 (policy) and 3 (clinical): the units of one
/// code on one date of service are summed across the claim's lines and the lines of the patient's other same-day claims
/// by the same rendering provider (<see cref="SameDayServices"/>: voids and superseded claims do not count). Over the limit is a hold, CARC 151 (units not supported;
/// Medicare adds N362). Anesthesia lines are skipped: they report minutes, which MUE does not count.
/// </summary>
public sealed class MueRule : IScrubRule
{
    public string Id => "units.mue";

    public FindingCategory Category => FindingCategory.Units;

    public IEnumerable<ScrubFinding> Evaluate(ScrubInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var mue = input.Codes.Mue;
        if (mue.Count == 0)
        {
            yield break;
        }
        var lines = input.Facts.Lines.Where(l => !CodePatterns.IsAnesthesia(l.Code)).ToList();
        foreach (var line in lines)
        {
            if (mue.TryGetValue(line.Code, out var limit) && limit.AdjudicationIndicator == 1 && line.Units > limit.Units)
            {
                yield return Finding("units.mue-line", line, limit, line.Units, [RuleText.Line(line)], input.Codes.MueSource,
                    $"Line {line.Sequence} bills {RuleText.Units(line.Units)} units of {line.Code}; at most {limit.Units} per line are paid. Correct the units, or split the service only if the note documents separate sites or sessions.");
            }
        }
        // MAI 2 and 3 limit a provider's units per patient and day, whichever claims carry them.
        var others = SameDayServices.OtherLines(input).Where(o => mue.TryGetValue(o.Line.Code, out var limit) && limit.AdjudicationIndicator is 2 or 3).ToList();
        var own = SameDayServices.OwnLines(input).Where(l => !CodePatterns.IsAnesthesia(l.Line.Code));
        foreach (var day in own.Where(l => mue.TryGetValue(l.Line.Code, out var limit) && limit.AdjudicationIndicator is 2 or 3).GroupBy(l => (l.Line.Code, l.Line.ServiceDate)))
        {
            var limit = mue[day.Key.Code];
            var elsewhere = others.Where(o => o.Line.Code == day.Key.Code && day.Any(l => l.SameDayAndProvider(o))).ToList();
            var total = day.Sum(l => l.Line.Units) + elsewhere.Sum(o => o.Line.Units);
            if (total <= limit.Units)
            {
                continue;
            }
            var first = day.First().Line;
            var across = elsewhere.Count == 0 ? "" : $" ({RuleText.Units(elsewhere.Sum(o => o.Line.Units))} of them on {string.Join(", ", elsewhere.Select(o => "Claim/" + o.ClaimId).Distinct(StringComparer.Ordinal))}, same rendering provider)";
            yield return Finding("units.mue-day", first, limit, total, [.. day.Select(l => RuleText.Line(l.Line)), .. elsewhere.Select(o => $"Claim/{o.ClaimId} {RuleText.Line(o.Line)}")], input.Codes.MueSource,
                limit.AdjudicationIndicator == 2
                    ? $"{RuleText.Units(total)} units of {day.Key.Code} on {RuleText.Date(day.Key.ServiceDate)}{across}; at most {limit.Units} per day are paid and, as a policy limit, this cannot be appealed. Correct the units."
                    : $"{RuleText.Units(total)} units of {day.Key.Code} on {RuleText.Date(day.Key.ServiceDate)}{across}; at most {limit.Units} per day are paid. Correct the units; if more were truly needed, bill the limit and appeal with the note.");
        }
    }

    private ScrubFinding Finding(string ruleId, ClaimLineFacts line, MueLimit limit, decimal units, string[] trigger, SourceCitation source, string message) => new()
    {
        RuleId = ruleId,
        Category = Category,
        Severity = FindingSeverity.Hold,
        PredictedCarc = "CO-151",
        Message = message,
        Source = source with { Clause = $"{limit.Code}, MUE {limit.Units}, MAI {limit.AdjudicationIndicator}" },
        Trigger = [.. trigger, $"units = {RuleText.Units(units)}"],
        LineSequence = line.Sequence,
    };
}
