using FhirApp.Core.Scrubbing.Tables;

namespace FhirApp.Core.Scrubbing.Rules;

/// <summary>
/// Procedure code shape on every line: CPT (5 digits, or 4 digits + F / T for Category II / III) or HCPCS Level II
/// (a letter A–V and 4 digits, and listed in the HCPCS table). A code of another shape, a HCPCS code the table does
/// not know, or one the CMS HCPCS file dates outside the date of service (added later, or terminated before), is a hold: payers deny it as invalid on the date of service (CARC 181). A line coded in another system
/// (SNOMED CT from an EHR export) is a review, since no payer reads it.
/// </summary>
public sealed class ProcedureCodeRule : IScrubRule
{
    private static readonly SourceCitation CptStructure =
        new("CPT code structure (Category I: five digits; Category II / III: four digits + F / T)", "AMA CPT, structure only");

    public string Id => "coding.procedure";

    public FindingCategory Category => FindingCategory.Coding;

    public IEnumerable<ScrubFinding> Evaluate(ScrubInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var codes = input.Codes;
        foreach (var line in input.Facts.Lines)
        {
            var trigger = new[] { RuleText.Line(line), $"code system = {line.CodeSystem ?? "none"}" };
            if (!IsBillingSystem(line.CodeSystem))
            {
                yield return Finding("coding.procedure-system", FindingSeverity.Review, line, trigger,
                    $"Line {line.Sequence} is coded in {line.CodeSystem}, not CPT or HCPCS. Code the service in CPT / HCPCS before submitting.",
                    CptStructure with { Clause = "professional claims carry CPT / HCPCS procedure codes" });
            }
            else if (line.Code.Length > 0 && char.IsAsciiLetter(line.Code[0]))
            {
                if (!CodePatterns.IsHcpcsLevel2(line.Code))
                {
                    yield return Finding("coding.hcpcs-format", FindingSeverity.Hold, line, trigger,
                        $"Line {line.Sequence} code '{line.Code}' is not a HCPCS Level II code (a letter A-V and 4 digits). Correct the code.",
                        codes.HcpcsSource with { Clause = "HCPCS Level II code structure" });
                }
                else if (codes.HcpcsLevel2.Count > 0 && !codes.HcpcsLevel2.Contains(line.Code))
                {
                    yield return Finding("coding.hcpcs-invalid", FindingSeverity.Hold, line, trigger,
                        $"Line {line.Sequence} code {line.Code} is not in the HCPCS Level II table. Check the code; if it was added after the table's version, update the table.",
                        codes.HcpcsSource with { Clause = $"{line.Code} not listed" });
                }
                else if (line.ServiceDate is { } dos && codes.HcpcsDates.TryGetValue(line.Code, out var dates) && !dates.IsValidOn(dos))
                {
                    yield return Finding("coding.hcpcs-invalid", FindingSeverity.Hold, line, trigger,
                        dates.ValidFrom > dos
                            ? $"Line {line.Sequence} code {line.Code} takes effect on {RuleText.Date(dates.ValidFrom)}, after the date of service {RuleText.Date(dos)}. Bill the code in force on that date."
                            : $"Line {line.Sequence} code {line.Code} was valid only through {RuleText.Date(dates.Terminated)} (CMS termination date), before the date of service {RuleText.Date(dos)}. Bill the code that replaced it.",
                        codes.HcpcsSource with { Clause = $"{line.Code} valid {Span(dates)}" });
                }
            }
            else if (!CodePatterns.IsCpt(line.Code))
            {
                yield return Finding("coding.cpt-format", FindingSeverity.Hold, line, trigger,
                    line.Code.Length == 0
                        ? $"Line {line.Sequence} has no procedure code. Code the service before submitting."
                        : $"Line {line.Sequence} code '{line.Code}' is not a CPT code (5 digits, or 4 digits + F / T). Correct the code.",
                    CptStructure);
            }
        }
    }

    private static string Span(HcpcsCode dates) =>
        $"{(dates.ValidFrom is null ? "always" : RuleText.Date(dates.ValidFrom))} to {(dates.Terminated is null ? "open" : RuleText.Date(dates.Terminated))}";

    /// <summary>No system (trusted as CPT / HCPCS), the AMA CPT URI, or a CMS HCPCS URI.</summary>
    private static bool IsBillingSystem(string? system) =>
        string.IsNullOrEmpty(system)
        || system.Contains("ama-assn.org/go/cpt", StringComparison.OrdinalIgnoreCase)
        || system.Contains("hcpcs", StringComparison.OrdinalIgnoreCase)
        || system is "urn:oid:2.16.840.1.113883.6.12" or "urn:oid:2.16.840.1.113883.6.285";

    private ScrubFinding Finding(string ruleId, FindingSeverity severity, ClaimLineFacts line, string[] trigger, string message, SourceCitation source) => new()
    {
        RuleId = ruleId,
        Category = Category,
        Severity = severity,
        PredictedCarc = "CO-181",
        Message = message,
        Source = source,
        Trigger = trigger,
        LineSequence = line.Sequence,
    };
}
