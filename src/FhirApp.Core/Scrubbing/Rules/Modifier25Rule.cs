using FhirApp.Core.Scrubbing.Corrections;
using FhirApp.Core.Scrubbing.Tables;

namespace FhirApp.Core.Scrubbing.Rules;

/// <summary>
/// An office E/M billed the same day as a minor procedure (0- or 10-day global) is part of the procedure unless it
/// carries modifier 25 for a significant, separately identifiable problem. Hold with CARC 4 (required modifier missing).
/// Major procedures (90-day global) need 57 instead: see <see cref="GlobalPeriodRule"/>.
/// </summary>
public sealed class Modifier25Rule : IScrubRule
{
    public string Id => "modifiers.25";

    public FindingCategory Category => FindingCategory.Modifiers;

    public IEnumerable<ScrubFinding> Evaluate(ScrubInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var lines = input.Facts.Lines;
        foreach (var em in lines.Where(l => CodePatterns.IsOfficeEm(l.Code) && !l.Modifiers.Contains("25")))
        {
            var procedure = lines.FirstOrDefault(l => l.ServiceDate == em.ServiceDate
                && input.Codes.GlobalDays.TryGetValue(l.Code, out var days) && days is 0 or 10);
            if (procedure is null)
            {
                continue;
            }
            var days = input.Codes.GlobalDays[procedure.Code];
            yield return new ScrubFinding
            {
                RuleId = "modifiers.25-missing",
                Category = Category,
                Severity = FindingSeverity.Hold,
                PredictedCarc = "CO-4",
                Message = $"E/M {em.Code} (line {em.Sequence}) is billed the same day as {procedure.Code}, a procedure with a {days}-day global period, without modifier 25. If the note shows a significant, separately identifiable problem, add 25; otherwise remove the E/M.",
                Source = input.Codes.GlobalDaysSource with { Clause = $"{procedure.Code} global {days} days" },
                Trigger = ["E/M: " + RuleText.Line(em), "procedure: " + RuleText.Line(procedure)],
                LineSequence = em.Sequence,
                Fix = NoteEvidence.HasSeparateProblem(NoteEvidence.TextOf(input))
                    ? ClaimFix.AddModifier(em.Sequence, "25", "the note names a separately identifiable problem")
                    : null,
            };
        }
    }
}
