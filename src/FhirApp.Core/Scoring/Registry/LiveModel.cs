namespace FhirApp.Core.Scoring.Registry;

/// <summary>The model a practice scores with: the registry's live version, or the fallback (configured folder or cold start) when <see cref="VersionId"/> is null.</summary>
public sealed record LiveModel(long? VersionId, int? Number, DenialRiskModel Model);
