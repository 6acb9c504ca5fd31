namespace FhirApp.Core.Appeals;

/// <summary>One claim's packet as the quality bar counts it.</summary>
public sealed record ClaimQuality(IReadOnlyList<LineQuality> Lines, bool HasLetter, bool Hollow, int Unbacked);
