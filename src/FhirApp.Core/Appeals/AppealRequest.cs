using FhirApp.Core.Denials;

namespace FhirApp.Core.Appeals;

/// <summary>
/// Which appeal to build: the level (0 = first), and for a later level the prior level's decision (its date, from which
/// the level's window counts, the payer's reference for it, and the lines it upheld); the practice's overturn rates when
/// its own history is known (else the category's typical rate).
/// </summary>
public sealed record AppealRequest
{
    public static AppealRequest First { get; } = new();

    public int Level { get; init; }

    public DateOnly? PriorDecision { get; init; }

    public string? PriorReference { get; init; }

    /// <summary>The lines the prior level upheld (a later level argues only those); empty: every denied line.</summary>
    public IReadOnlyList<int> Lines { get; init; } = [];

    /// <summary>P(overturn) per category from the practice's decided appeals; null: the category's typical rate.</summary>
    public Func<DenialCategory, double>? Overturn { get; init; }
}
