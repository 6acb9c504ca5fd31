using FhirApp.Core.Claims;
using FhirApp.Core.Scoring;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Corrections;
using FhirApp.Web.Fhir;

namespace FhirApp.Web.Claims;

/// <summary>What the claims screens show for one launch (its patient's claims, or a practice launch's). Built once per load and cached briefly per launch.</summary>
public sealed record PatientClaimsView(
    PatientBannerInfo? Patient,
    IReadOnlyList<ClaimSummary> Claims,
    IReadOnlyDictionary<string, ClaimDetail> Details,
    IReadOnlyList<SkippedResource> Skipped,
    IReadOnlyList<string> Problems,
    int RoundTrips,
    IReadOnlyDictionary<string, ScrubResult> Scrubbed,
    LoadFailure? Failure = null)
{
    public static PatientClaimsView Failed(LoadFailure failure) =>
        new(null, [], new Dictionary<string, ClaimDetail>(), [], [], 0, new Dictionary<string, ScrubResult>(), failure);

    /// <summary>The claim contexts the scrubber judged, by claim id: what a correction is verified against.</summary>
    public IReadOnlyDictionary<string, ClaimContext> Contexts { get; init; } = new Dictionary<string, ClaimContext>();

    /// <summary>Verified corrected-claim drafts per claim id, one per fixable finding.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<CorrectionProposal>> Proposals { get; init; } = new Dictionary<string, IReadOnlyList<CorrectionProposal>>();

    /// <summary>When this view was read from the EHR (null for a failed load).</summary>
    public DateTimeOffset? LoadedAt { get; init; }

    /// <summary>True when the EHR could not be reached and this is the last view read earlier (<see cref="LoadedAt"/>).</summary>
    public bool Stale { get; init; }

    /// <summary>In a practice launch: the claim limit, when it stopped the reading (more claims exist than are shown).</summary>
    public int? ClaimLimitReached { get; init; }

    /// <summary>Denial-risk scores per claim id, with their reasons and explanation.</summary>
    public IReadOnlyDictionary<string, RiskScore> Risks { get; init; } = new Dictionary<string, RiskScore>();

    /// <summary>The launch user's open documentation requests for the patient (a clinician answers them first).</summary>
    public IReadOnlyList<FhirApp.Core.Documentation.AddendumRequest> OpenRequests { get; init; } = [];

    public ScrubResult? ScrubOf(string claimId) => Scrubbed.GetValueOrDefault(claimId);

    public IReadOnlyList<CorrectionProposal> ProposalsFor(string claimId) => Proposals.GetValueOrDefault(claimId) ?? [];
}

public sealed record PatientBannerInfo(string Name, string? BirthDate, string? Gender, string? Mrn);

public enum LoadFailureKind
{
    Unreachable,
    Refused,
    RelaunchRequired,
    Unreadable,
}

public sealed record LoadFailure(LoadFailureKind Kind, string Message)
{
    /// <summary>What the EHR said (its own words and codes), shown behind a Details toggle; empty when it said nothing.</summary>
    public IReadOnlyList<string> Details { get; init; } = [];
}
