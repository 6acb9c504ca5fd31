using FhirApp.Core.Common.X12;

namespace FhirApp.Core.Remittance;

/// <summary>
/// An 835 file read and balanced. All or nothing per file: with any issue, <see cref="Remittances"/> is empty, so no
/// caller can import part of a file a payer would have to resend.
/// </summary>
public sealed record Era835ReadResult
{
    public required string Source { get; init; }

    /// <summary>The transaction sets of an accepted file; empty when refused.</summary>
    public IReadOnlyList<RemittanceAdvice> Remittances { get; init; } = [];

    /// <summary>Why the file was refused, each naming its segment (number and id); empty when accepted.</summary>
    public IReadOnlyList<X12Issue> Issues { get; init; } = [];

    public bool Accepted => Issues.Count == 0;

    /// <summary>Claims (CLP) in the accepted file.</summary>
    public int ClaimCount => Remittances.Sum(r => r.Claims.Count);
}
