using FhirApp.Core.Scrubbing.Learned;

namespace FhirApp.Core.Learning;

/// <summary>One adjudicated claim of the history: its features, and the payer's decision on it and on each line.</summary>
internal sealed record MinedClaim
{
    public required ClaimFeatures Features { get; init; }

    /// <summary>When the standing decision was made.</summary>
    public required DateOnly Adjudicated { get; init; }

    /// <summary>The decision on each line of <see cref="ClaimFeatures.Lines"/>, in the same order.</summary>
    public required IReadOnlyList<Outcome> Lines { get; init; }

    /// <summary>The decision on the claim: denied when any line (or the claim as a whole) was, with the first denied line's reason.</summary>
    public required Outcome Claim { get; init; }

    /// <summary>The shipped rules that would have held the claim on its submission day (empty when mined without them).</summary>
    public IReadOnlyList<string> ShippedHolds { get; init; } = [];

    /// <summary>Reasons of the eligibility denials the same coverage drew before this claim was submitted (empty: none).</summary>
    public IReadOnlyList<string> EarlierEligibilityDenials { get; set; } = [];
}
