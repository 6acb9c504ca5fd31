namespace FhirApp.Core.Scoring;

/// <summary>How a claim's denial risk reads on screen (shown in words: low, review, hold). Ordered: a higher band is worse.</summary>
public enum RiskBand
{
    Low,

    Review,

    Hold,
}
