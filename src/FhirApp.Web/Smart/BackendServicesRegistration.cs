namespace FhirApp.Web.Smart;

/// <summary>
/// A registration's SMART Backend Services client (client_credentials + private_key_jwt) for background jobs: a separate
/// client id at the EHR with only the system/ scopes the jobs need. Optional; without it the practice has no jobs.
/// </summary>
public sealed record BackendServicesRegistration
{
    public required string ClientId { get; init; }

    /// <summary>Space-separated system/ scopes, e.g. "system/ExplanationOfBenefit.rs system/ClaimResponse.rs".</summary>
    public string Scopes { get; init; } = "system/ExplanationOfBenefit.rs system/ClaimResponse.rs";

    /// <summary>Key for the client assertion; default: the registration's keyId.</summary>
    public string? KeyId { get; init; }

    /// <summary>RS384 or ES384; default: the registration's signingAlgorithm.</summary>
    public string? SigningAlgorithm { get; init; }

    /// <summary>
    /// The EHR's SMART tenant this client's data belongs to, where several practices share one FHIR base (the `tenant`
    /// the EHR sends with each launch): the jobs then store under the same practice as those launches.
    /// </summary>
    public string? Tenant { get; init; }

    /// <summary>
    /// How the jobs fetch claims data: "auto" (the default: Bulk Data $export when the EHR's CapabilityStatement offers
    /// it, else patient-by-patient search, else a system-wide search), or one of "export", "patient-search",
    /// "system-search" to pin it.
    /// </summary>
    public string Mode { get; init; } = "auto";

    /// <summary>The EHR's Group of this practice's patients for Bulk Data (Group/[id]/$export); null: Patient/$export.</summary>
    public string? ExportGroupId { get; init; }

    /// <summary>Seconds between adjudication polls.</summary>
    public int PollIntervalSeconds { get; init; } = 300;
}
