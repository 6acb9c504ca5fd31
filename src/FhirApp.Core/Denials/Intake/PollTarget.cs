namespace FhirApp.Core.Denials.Intake;

/// <summary>What one poll reads: a practice's FHIR base (already authenticated by the caller's HttpClient) and the types to page through.</summary>
/// <param name="Tenant">The EHR registration id.</param>
/// <param name="Source">Kept with checkpoints, errors and stored rows, e.g. "poll:sandbox".</param>
/// <param name="FhirBase">The FHIR base URL; `link.next` outside it is not followed.</param>
/// <param name="ResourceTypes">E.g. ExplanationOfBenefit and ClaimResponse.</param>
/// <param name="PageSize">`_count` per search page.</param>
/// <param name="MaxResponseBytes">The largest response body read (a search page or a read); a larger one fails the run with that message.</param>
public sealed record PollTarget(string Tenant, string Source, Uri FhirBase, IReadOnlyList<string> ResourceTypes, int PageSize, long MaxResponseBytes = PollTarget.DefaultMaxResponseBytes)
{
    /// <summary>64 MiB: a page of 1,000 large EOBs fits many times over; a server streaming without end does not exhaust memory.</summary>
    public const long DefaultMaxResponseBytes = 64L * 1024 * 1024;
}
