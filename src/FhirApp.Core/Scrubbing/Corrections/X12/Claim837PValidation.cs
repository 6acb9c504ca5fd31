using FhirApp.Core.Common.X12;

namespace FhirApp.Core.Scrubbing.Corrections.X12;

/// <summary>An 837P read back by our own reader: its claims, and every way it departs from the implementation guide.</summary>
public sealed record Claim837PValidation(IReadOnlyList<Claim837PSummary> Claims, IReadOnlyList<X12Issue> Issues)
{
    public bool IsValid => Issues.Count == 0 && Claims.Count > 0;
}
