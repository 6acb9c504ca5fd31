namespace FhirApp.Core.Eligibility;

/// <summary>How one payer is asked: a FHIR CoverageEligibilityRequest to its endpoint, or a 270 through the clearinghouse.</summary>
public sealed record EligibilityPayerRoute
{
    /// <summary>The payer's FHIR R4 base; the request is POSTed to {base}/CoverageEligibilityRequest.</summary>
    public string? FhirEndpoint { get; init; }

    /// <summary>The payer id the clearinghouse routes 270s by (2100A NM109).</summary>
    public string? ClearinghousePayerId { get; init; }
}
