using FhirApp.Core.Claims.Fhir;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Scrubbing.Rules;

/// <summary>
/// Eligibility from the Coverage the claim bills (the focal one): none on the claim or none in the record, cancelled,
/// or a period that does not include the date of service (start and end dates inclusive). Each is a hold: the payer
/// answers with CO-31 / PR-26 / PR-27 and the front desk must re-verify or pick the right coverage.
/// </summary>
public sealed class CoverageEligibilityRule : IScrubRule
{
    public string Id => "eligibility";

    public FindingCategory Category => FindingCategory.Eligibility;

    public IEnumerable<ScrubFinding> Evaluate(ScrubInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var claim = input.Context.Claim;
        if (claim is null)
        {
            yield break;
        }
        if (input.Context.Coverages.Count == 0)
        {
            var referenced = claim.Insurance.Count(i => i.Coverage is not null);
            yield return Finding("eligibility.no-coverage", "CO-31",
                referenced == 0
                    ? "The claim names no coverage. Verify the patient's insurance and add the Coverage before submitting."
                    : "The coverage the claim names is not in the patient's record. Re-verify eligibility and attach the current Coverage.",
                StandardSources.ClaimInsurance,
                [$"Claim.insurance = {claim.Insurance.Count}", $"coverages found = 0 of {referenced}"]);
            yield break;
        }

        var coverage = input.Context.Coverages[0];
        if (coverage.Status == FinancialResourceStatusCodes.Cancelled)
        {
            yield return Finding("eligibility.coverage-cancelled", "PR-27",
                "The coverage billed is cancelled. Re-verify eligibility and bill the coverage in force on the date of service, or the patient.",
                StandardSources.CoverageStatus,
                ["Coverage.status = cancelled"]);
        }
        if (input.Facts.ServiceDate is not { } dos)
        {
            yield break;
        }
        var start = FhirValues.ToDate(coverage.Period?.Start);
        var end = FhirValues.ToDate(coverage.Period?.End);
        if (start is { } s && dos < s)
        {
            yield return Finding("eligibility.coverage-not-started", "PR-26",
                $"The coverage starts on {s:yyyy-MM-dd}, after the date of service {dos:yyyy-MM-dd}. Find the coverage in force on that date.",
                StandardSources.CoveragePeriod,
                [$"date of service = {dos:yyyy-MM-dd}", $"Coverage.period.start = {s:yyyy-MM-dd}"]);
        }
        if (end is { } e && dos > e)
        {
            yield return Finding("eligibility.coverage-ended", "PR-27",
                $"The coverage ended on {e:yyyy-MM-dd}, before the date of service {dos:yyyy-MM-dd}. Re-verify eligibility and bill the new coverage or the patient.",
                StandardSources.CoveragePeriod,
                [$"date of service = {dos:yyyy-MM-dd}", $"Coverage.period.end = {e:yyyy-MM-dd}"]);
        }
    }

    private ScrubFinding Finding(string ruleId, string carc, string message, SourceCitation source, IReadOnlyList<string> trigger) => new()
    {
        RuleId = ruleId,
        Category = Category,
        Severity = FindingSeverity.Hold,
        PredictedCarc = carc,
        Message = message,
        Source = source,
        Trigger = trigger,
    };
}
