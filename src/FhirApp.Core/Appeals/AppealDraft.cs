using FhirApp.Core.Denials;

namespace FhirApp.Core.Appeals;

/// <summary>What a biller saves from the appeal screen: the letter as edited, with the facts of its packet.</summary>
public sealed record AppealDraft(
    string ClaimId, string? PatientId, string? PayerId, DenialCategory Category, string Level, DateOnly? Deadline, decimal Amount,
    int CriteriaTotal, int CriteriaFound, string Html, int Unbacked);
