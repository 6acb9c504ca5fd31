namespace FhirApp.Core.Claims;

/// <summary>Everything the claim page shows.</summary>
public sealed record ClaimDetail
{
    /// <summary>The list row.</summary>
    public required ClaimSummary Summary { get; init; }

    /// <summary>Service lines.</summary>
    public IReadOnlyList<ClaimLineDetail> Lines { get; init; } = [];

    /// <summary>Diagnoses in sequence order.</summary>
    public IReadOnlyList<ClaimDiagnosis> Diagnoses { get; init; } = [];

    /// <summary>The (focal) coverage billed.</summary>
    public CoverageSummary? Coverage { get; init; }

    /// <summary>Rendering practitioner.</summary>
    public ProviderSummary? RenderingProvider { get; init; }

    /// <summary>Billing provider (Claim.provider).</summary>
    public ProviderSummary? BillingProvider { get; init; }

    /// <summary>Notes near the date of service.</summary>
    public IReadOnlyList<NoteSummary> Notes { get; init; } = [];

    /// <summary>All ClaimResponses and EOBs for the claim, newest first.</summary>
    public IReadOnlyList<AdjudicationSummary> Adjudications { get; init; } = [];

    /// <summary>Prior-authorization responses found for the claim, newest first.</summary>
    public IReadOnlyList<AdjudicationSummary> PriorAuthorizations { get; init; } = [];
}
