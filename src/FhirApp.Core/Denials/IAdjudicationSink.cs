using Hl7.Fhir.Model;

namespace FhirApp.Core.Denials;

/// <summary>
/// Where polled or imported adjudications (ExplanationOfBenefit, ClaimResponse) go: the denials intake. Storage is
/// idempotent by resource type + id + versionId, so a page stored twice (a retry, or a restart before the checkpoint
/// moved) counts nothing twice. One call = one page = one transaction.
/// </summary>
public interface IAdjudicationSink
{
    /// <param name="tenant">The EHR registration (practice) the resources come from.</param>
    /// <param name="source">Where they came from, e.g. "poll:sandbox" or "ndjson:/path"; kept with each stored row.</param>
    Task<IntakeResult> StoreAsync(string tenant, string source, IReadOnlyList<Resource> resources, CancellationToken ct);
}

/// <summary>What one page did: new resource versions stored, versions already stored, and the denial lines they produced.</summary>
public sealed record IntakeResult(int Stored, int AlreadyStored, int DenialLines);
