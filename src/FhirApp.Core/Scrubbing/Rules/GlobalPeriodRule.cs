using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Scrubbing.Tables;

namespace FhirApp.Core.Scrubbing.Rules;

/// <summary>
/// Services inside a surgical global period are part of the surgery's payment unless a modifier says otherwise:
/// an E/M needs 24 (unrelated visit), 25 or 57; a procedure needs 58 (staged), 78 (return to the operating room) or
/// 79 (unrelated). The period runs from the day after the surgery through day 10 or 90 (CMS counts the day of surgery
/// as day 0). The same day as a 90-day surgery, an E/M needs 57 (decision for surgery) or 25. Review, not hold: whether
/// the service is related is a clinical judgement. Predicted CARC 97 (included in the global package) is a judgement too.
/// </summary>
public sealed class GlobalPeriodRule : IScrubRule
{
    private const int LongestGlobal = 90;

    private static readonly string[] EmModifiers = ["24", "25", "57"];
    private static readonly string[] ProcedureModifiers = ["58", "78", "79"];

    public string Id => "modifiers.global";

    public FindingCategory Category => FindingCategory.Modifiers;

    public IEnumerable<ScrubFinding> Evaluate(ScrubInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var global = input.Codes.GlobalDays;
        if (global.Count == 0)
        {
            yield break;
        }
        var surgeries = EarlierSurgeries(input).ToList();
        foreach (var line in input.Facts.Lines)
        {
            if (line.ServiceDate is not { } dos || line.Code == "99024")
            {
                // 99024 is the post-operative visit code itself: it belongs inside the global period.
                continue;
            }
            var isEm = CodePatterns.IsEm(line.Code);
            var accepted = isEm ? EmModifiers : ProcedureModifiers;
            if (accepted.Any(line.Modifiers.Contains))
            {
                continue;
            }
            // Only E/M and surgical codes (those with a global period) are in the package; imaging and tests are not.
            var earlier = surgeries.FirstOrDefault(s => s.Date < dos && dos <= s.Date.AddDays(s.Days));
            if (earlier.Code is not null && (isEm || global.ContainsKey(line.Code)))
            {
                var ends = earlier.Date.AddDays(earlier.Days);
                yield return new ScrubFinding
                {
                    RuleId = "modifiers.global-period",
                    Category = Category,
                    Severity = FindingSeverity.Review,
                    PredictedCarc = "CO-97",
                    Message = isEm
                        ? $"E/M {line.Code} (line {line.Sequence}) falls inside the {earlier.Days}-day global period of {earlier.Code} ({RuleText.Date(earlier.Date)}, ends {RuleText.Date(ends)}). If the visit is unrelated to that surgery, add 24; if it is routine post-operative care, it is not billed separately."
                        : $"{line.Code} (line {line.Sequence}) falls inside the {earlier.Days}-day global period of {earlier.Code} ({RuleText.Date(earlier.Date)}, ends {RuleText.Date(ends)}). Add 58 (staged or planned), 78 (return to the operating room for a complication) or 79 (unrelated) as the note supports.",
                    Source = input.Codes.GlobalDaysSource with { Clause = $"{earlier.Code} global {earlier.Days} days" },
                    Trigger = [RuleText.Line(line), $"earlier claim {earlier.ClaimId}: {earlier.Code} on {RuleText.Date(earlier.Date)}"],
                    LineSequence = line.Sequence,
                };
                continue;
            }
            if (isEm && CodePatterns.IsOfficeEm(line.Code)
                && input.Facts.Lines.FirstOrDefault(l => l.ServiceDate == dos && global.TryGetValue(l.Code, out var d) && d == LongestGlobal) is { } major)
            {
                yield return new ScrubFinding
                {
                    RuleId = "modifiers.57-missing",
                    Category = Category,
                    Severity = FindingSeverity.Review,
                    PredictedCarc = "CO-97",
                    Message = $"E/M {line.Code} (line {line.Sequence}) is billed the same day as {major.Code}, a 90-day-global surgery. If this visit was the decision for surgery, add 57; if it treated a separate problem, add 25; otherwise it is part of the surgery.",
                    Source = input.Codes.GlobalDaysSource with { Clause = $"{major.Code} global {LongestGlobal} days" },
                    Trigger = ["E/M: " + RuleText.Line(line), "surgery: " + RuleText.Line(major)],
                    LineSequence = line.Sequence,
                };
            }
        }
    }

    /// <summary>Procedures with a 10- or 90-day global period on the patient's earlier claims close enough to matter.</summary>
    private static IEnumerable<(string ClaimId, string Code, DateOnly Date, int Days)> EarlierSurgeries(ScrubInput input)
    {
        if (input.Facts.Lines.Select(l => l.ServiceDate).Where(d => d is not null).Min() is not { } first)
        {
            yield break;
        }
        var earliest = first.AddDays(-LongestGlobal);
        var claims = input.Context.EarlierClaims;
        // Earlier claims are sorted by date of service: walk back from the newest and stop once out of reach.
        for (var i = claims.Count - 1; i >= 0; i--)
        {
            var claim = claims[i];
            if (ReferenceEquals(claim, input.Context.Claim) || claim.Status is Hl7.Fhir.Model.FinancialResourceStatusCodes.Cancelled or Hl7.Fhir.Model.FinancialResourceStatusCodes.EnteredInError)
            {
                continue;
            }
            var billed = BilledClaim.From(claim);
            if (billed.ServiceDate is { } claimDate && claimDate < earliest)
            {
                break;
            }
            foreach (var line in billed.Lines)
            {
                var code = FhirValues.Code(line.ProductOrService, FhirValues.ProcedureSystems)?.Trim().ToUpperInvariant();
                if (code is not null && (FhirValues.StartDate(line.Serviced) ?? billed.ServiceDate) is { } date
                    && input.Codes.GlobalDays.TryGetValue(code, out var days) && days is 10 or LongestGlobal)
                {
                    yield return (claim.Id ?? "(no id)", code, date, days);
                }
            }
        }
    }
}
