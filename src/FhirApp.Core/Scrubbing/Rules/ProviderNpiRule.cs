using FhirApp.Core.Claims;
using FhirApp.Core.Claims.Fhir;

namespace FhirApp.Core.Scrubbing.Rules;

/// <summary>
/// The providers a professional claim must identify: a rendering provider with an NPI, a billing provider with an NPI,
/// and every NPI on the claim (rendering, billing, referring) valid by its check digit. NPIs are public registry
/// numbers, so the invalid one is named in the trigger.
/// </summary>
public sealed class ProviderNpiRule : IScrubRule
{
    public string Id => "missing.npi";

    public FindingCategory Category => FindingCategory.MissingInformation;

    public IEnumerable<ScrubFinding> Evaluate(ScrubInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var context = input.Context;
        if (context.Claim is null)
        {
            yield break;
        }
        var rendering = ClaimParties.Rendering(context);
        if (rendering is null)
        {
            yield return Finding("missing.rendering-provider", "No rendering provider is on the claim. Add the practitioner who performed the service to the care team (RARC N290 otherwise).",
                StandardSources.RenderingProvider, ["Claim.careTeam rendering provider = (none)"]);
        }
        else if (FhirValues.Npi(rendering) is not { } renderingNpi)
        {
            yield return Finding("missing.rendering-npi", "The rendering provider has no NPI in the record. Add it from NPPES before submitting (RARC N290 otherwise).",
                StandardSources.RenderingProvider, ["rendering provider NPI = (none)"]);
        }
        else if (!NpiCheck.IsValid(renderingNpi))
        {
            yield return Invalid("rendering", renderingNpi, "N290");
        }

        if (context.BillingProvider is not null)
        {
            if (FhirValues.Npi(context.BillingProvider) is not { } billingNpi)
            {
                yield return Finding("missing.billing-npi", "The billing provider has no NPI in the record. Add the group's (or the provider's) NPI (RARC N257 otherwise).",
                    StandardSources.BillingProvider, ["billing provider NPI = (none)"]);
            }
            else if (!NpiCheck.IsValid(billingNpi))
            {
                yield return Invalid("billing", billingNpi, "N257");
            }
        }

        foreach (var npi in ClaimParties.ReferringPractitioners(context).Select(FhirValues.Npi).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (!NpiCheck.IsValid(npi))
            {
                yield return Invalid("referring", npi, "N286");
            }
        }
    }

    private ScrubFinding Invalid(string role, string npi, string rarc) =>
        Finding("missing.npi-invalid", $"The {role} provider's NPI fails the NPI check digit: it is mistyped. Copy it from NPPES (RARC {rarc} otherwise).",
            StandardSources.Npi, [$"{role} NPI = {npi}"]);

    private ScrubFinding Finding(string ruleId, string message, SourceCitation source, IReadOnlyList<string> trigger) => new()
    {
        RuleId = ruleId,
        Category = Category,
        Severity = FindingSeverity.Hold,
        PredictedCarc = "CO-16",
        Message = message,
        Source = source,
        Trigger = trigger,
    };
}
