using Hl7.Fhir.Model;

namespace FhirApp.Web.Fhir;

/// <summary>
/// One load of a launch patient's record (or a practice launch's claims): what was read, what was skipped and why, how
/// many round trips it took, and the claim limit when it cut a practice load short.
/// </summary>
public sealed record PatientRecordLoad(
    IReadOnlyList<Resource> Resources,
    IReadOnlyList<SkippedResource> Skipped,
    IReadOnlyList<string> Problems,
    int RoundTrips,
    int? ClaimLimitReached = null);
