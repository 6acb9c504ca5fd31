
namespace FhirApp.Core.Denials;

/// <summary>One decided appeal as the success estimate sees it.</summary>
public sealed record AppealOutcomeFact(DenialCategory Category, string? PayerId, string Level, EvidenceCompleteness Completeness, AppealStatus Outcome);
