using Hl7.Fhir.Model;

namespace FhirApp.Web.Fhir;

/// <summary>One load of a launch patient's record: what was read, what was skipped and why, and how many round trips it took.</summary>
public sealed record PatientRecordLoad(
    IReadOnlyList<Resource> Resources,
    IReadOnlyList<SkippedResource> Skipped,
    IReadOnlyList<string> Problems,
    int RoundTrips);
