using FhirApp.Core.Common.X12;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Remittance;

/// <summary>
/// One 835 file imported: the ExplanationOfBenefits of its claims when it was accepted, or why it was refused (and
/// then no EOB at all), and the claims whose patient control number matched none of the practice's claims.
/// </summary>
public sealed record RemittanceImport
{
    public required string Source { get; init; }

    public IReadOnlyList<X12Issue> Issues { get; init; } = [];

    /// <summary>One per CLP, in file order; empty when refused.</summary>
    public IReadOnlyList<ExplanationOfBenefit> Eobs { get; init; } = [];

    /// <summary>Claims of the file that matched no practice claim by CLP01 (only when an index was given).</summary>
    public IReadOnlyList<UnmatchedClaim> Unmatched { get; init; } = [];

    public bool Accepted => Issues.Count == 0;
}
