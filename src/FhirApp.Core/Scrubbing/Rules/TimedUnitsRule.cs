using System.Globalization;
using FhirApp.Core.Scrubbing.Corrections;

namespace FhirApp.Core.Scrubbing.Rules;

/// <summary>
/// Units of a 15-minute timed therapy code against the minutes the note documents, by the CMS "8-minute rule": units =
/// total timed minutes / 15, one more when 8 or more minutes remain. Judged only when the claim bills exactly one timed
/// code (with several, the note's minutes would have to be split between them, which the note must do, not we). Billed
/// units above the documented time are a review with CARC 151; the documented units are the proposed fix, because the
/// note's own times determine them. Fewer units than documented is left alone (under-billing is the practice's call).
/// </summary>
public sealed class TimedUnitsRule : IScrubRule
{
    private const int UnitMinutes = 15;
    private const int ThresholdMinutes = 8;

    private static readonly SourceCitation EightMinuteRule =
        new("CMS Medicare Claims Processing Manual (Pub. 100-04)", "2026", "chapter 5, §20.2.C: counting minutes for timed codes in 15-minute units");

    /// <summary>Timed physical medicine and rehabilitation codes billed per 15 minutes (codes only).</summary>
    internal static readonly IReadOnlySet<string> TimedCodes = new HashSet<string>(StringComparer.Ordinal)
    {
        "97032", "97033", "97034", "97035", "97036", "97110", "97112", "97113", "97116", "97124", "97140",
        "97530", "97533", "97535", "97537", "97542", "97750", "97760", "97761", "97763",
    };

    public string Id => "units.timed";

    public FindingCategory Category => FindingCategory.Units;

    public IEnumerable<ScrubFinding> Evaluate(ScrubInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var timed = input.Facts.Lines.Where(l => TimedCodes.Contains(l.Code)).ToList();
        if (timed.Count != 1 || NoteEvidence.FindSessionTimes(NoteEvidence.TextOf(input)) is not { } session)
        {
            yield break;
        }
        var line = timed[0];
        var documented = UnitsFor(session.Minutes);
        if (line.Units <= documented)
        {
            yield break;
        }
        var units = line.Units.ToString("0.##", CultureInfo.InvariantCulture);
        yield return new ScrubFinding
        {
            RuleId = "units.timed-exceeds-minutes",
            Category = Category,
            Severity = FindingSeverity.Review,
            PredictedCarc = "CO-151",
            Message = documented == 0
                ? $"Line {line.Sequence} bills {units} unit(s) of {line.Code}, but the note documents {session.Minutes} minutes, less than the 8 a unit needs. Remove the line or document the time."
                : $"Line {line.Sequence} bills {units} unit(s) of {line.Code}, but the note documents {session.Minutes} minutes ({session.Start:HH\\:mm}–{session.End:HH\\:mm}), which support {documented}. Bill {documented}, or correct the note's times.",
            Source = EightMinuteRule,
            Trigger = [RuleText.Line(line), $"note times = {session.Start:HH\\:mm}–{session.End:HH\\:mm} ({session.Minutes} min)"],
            LineSequence = line.Sequence,
            Fix = documented > 0
                ? ClaimFix.SetUnits(line.Sequence, documented, $"the note documents {session.Minutes} minutes, {documented} unit(s) by the 8-minute rule")
                : null,
        };
    }

    /// <summary>The 8-minute rule: 8–22 minutes is 1 unit, 23–37 is 2, and so on.</summary>
    internal static int UnitsFor(int minutes) => minutes < ThresholdMinutes ? 0 : (minutes + UnitMinutes - ThresholdMinutes) / UnitMinutes;
}
