using FhirApp.Core.Denials;

namespace FhirApp.Core.Appeals;

/// <summary>What a biller saves from the appeal screen: the letter as edited, with the facts of its packet.</summary>
public sealed record AppealDraft(
    string ClaimId, string? PatientId, string? PayerId, DenialCategory Category, string Level, DateOnly? Deadline, decimal Amount,
    int CriteriaTotal, int CriteriaFound, string Html, int Unbacked)
{
    /// <summary>The level's position (0 = first).</summary>
    public int LevelNumber { get; init; }

    /// <summary>The lines the letter contests.</summary>
    public IReadOnlyList<int> Lines { get; init; } = [];

    public DateOnly? PriorDecision { get; init; }

    public string? PriorReference { get; init; }
}
