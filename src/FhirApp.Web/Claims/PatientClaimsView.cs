using FhirApp.Core.Claims;
using FhirApp.Web.Fhir;

namespace FhirApp.Web.Claims;

/// <summary>What the claims screens show for one launch. Built once per load and cached briefly per launch.</summary>
public sealed record PatientClaimsView(
    PatientBannerInfo? Patient,
    IReadOnlyList<ClaimSummary> Claims,
    IReadOnlyDictionary<string, ClaimDetail> Details,
    IReadOnlyList<SkippedResource> Skipped,
    IReadOnlyList<string> Problems,
    int RoundTrips,
    LoadFailure? Failure = null)
{
    public static PatientClaimsView Failed(LoadFailure failure) => new(null, [], new Dictionary<string, ClaimDetail>(), [], [], 0, failure);
}

public sealed record PatientBannerInfo(string Name, string? BirthDate, string? Gender, string? Mrn);

public enum LoadFailureKind
{
    Unreachable,
    Refused,
    RelaunchRequired,
    Unreadable,
}

public sealed record LoadFailure(LoadFailureKind Kind, string Message);
