using FhirApp.Core.Denials;

namespace FhirApp.Core.Appeals;

/// <summary>One decided appeal as the success estimate sees it.</summary>
public sealed record AppealOutcomeFact(DenialCategory Category, string? PayerId, string Level, EvidenceCompleteness Completeness, AppealStatus Outcome);
