using FhirApp.Core.Claims.Fhir;

namespace FhirApp.Core.Scrubbing.Rules;

/// <summary>
/// The claim goes to Claim.insurer, but the coverage billed belongs to its payor: when they differ the claim is at the
/// wrong payer (CO-109). Compared by resolved resource (or reference key); skipped when either side is only a display.
/// </summary>
public sealed class InsurerMatchesCoverageRule : IScrubRule
{
    public string Id => "eligibility.payer-mismatch";

    public FindingCategory Category => FindingCategory.Eligibility;

    public IEnumerable<ScrubFinding> Evaluate(ScrubInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var claim = input.Context.Claim;
        if (claim?.Insurer is null || input.Context.Coverages.Count == 0)
        {
            yield break;
        }
        var record = input.Context.Record;
        var coverage = input.Context.Coverages[0];
        var insurerKey = record.KeyOf(claim.Insurer, claim);
        var payorKeys = coverage.Payor.Select(p => record.KeyOf(p, coverage)).OfType<string>().ToList();
        if (insurerKey is null || payorKeys.Count == 0 || payorKeys.Contains(insurerKey, StringComparer.Ordinal))
        {
            yield break;
        }
        var insurerName = FhirValues.Name(record.Resolve(claim.Insurer, claim)) ?? claim.Insurer.Display ?? insurerKey;
        var payorName = coverage.Payor.Select(p => FhirValues.Name(record.Resolve(p, coverage)) ?? p.Display).FirstOrDefault(n => n is not null) ?? payorKeys[0];
        yield return new ScrubFinding
        {
            RuleId = Id,
            Category = Category,
            Severity = FindingSeverity.Hold,
            PredictedCarc = "CO-109",
            Message = $"The claim is addressed to {insurerName}, but the coverage billed is with {payorName}. Send the claim to the coverage's payer, or bill the right coverage.",
            Source = StandardSources.CoveragePayor,
            Trigger = [$"Claim.insurer = {insurerKey}", $"Coverage.payor = {string.Join(", ", payorKeys)}"],
        };
    }
}
