using FhirApp.Core.Scrubbing.Tables;

namespace FhirApp.Core.Scrubbing.Rules;

/// <summary>
/// Medically unlikely edits. MAI 1: the units of each line are limited. MAI 2 (policy) and 3 (clinical): the units of one
/// code on one date of service are summed across the claim's lines. Over the limit is a hold, CARC 151 (units not supported;
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
        foreach (var day in lines.Where(l => mue.TryGetValue(l.Code, out var limit) && limit.AdjudicationIndicator is 2 or 3).GroupBy(l => (l.Code, l.ServiceDate)))
        {
            var limit = mue[day.Key.Code];
            var total = day.Sum(l => l.Units);
            if (total <= limit.Units)
            {
                continue;
            }
            var first = day.First();
            yield return Finding("units.mue-day", first, limit, total, [.. day.Select(RuleText.Line)], input.Codes.MueSource,
                limit.AdjudicationIndicator == 2
                    ? $"{RuleText.Units(total)} units of {day.Key.Code} on {RuleText.Date(day.Key.ServiceDate)}; at most {limit.Units} per day are paid and, as a policy limit, this cannot be appealed. Correct the units."
                    : $"{RuleText.Units(total)} units of {day.Key.Code} on {RuleText.Date(day.Key.ServiceDate)}; at most {limit.Units} per day are paid. Correct the units; if more were truly needed, bill the limit and appeal with the note.");
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
