namespace FhirApp.SandboxEhr.Configuration;

/// <summary>The <c>Sandbox:Export</c> section: how the FHIR Bulk Data <c>$export</c> of the sandbox behaves.</summary>
public sealed class SandboxExportOptions
{
    /// <summary>Exports one client may have running (not yet complete) at once; one more is answered 429.</summary>
    public int MaxActiveJobsPerClient { get; set; } = 2;

    /// <summary>The Retry-After (seconds) the status endpoint gives while a job runs, and a 429 kick-off gives.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>How long the file URLs of a completed export stay valid; after that a download is 410 Gone.</summary>
    public int FileLifetimeSeconds { get; set; } = 3600;

    /// <summary>Resources per NDJSON file: a type with more is split over several files.</summary>
    public int ResourcesPerFile { get; set; } = 10_000;

    /// <summary>
    /// The Groups a client may export (Group/[id]/$export): group id → patient ids. An empty list means every Patient
    /// loaded. Registries like these are how EHRs define a practice's population for Bulk Data.
    /// </summary>
    public Dictionary<string, List<string>> Groups { get; set; } = new(StringComparer.Ordinal) { ["practice"] = [] };

    /// <summary>Where job files are written; empty: a folder under the system's temp directory.</summary>
    public string? WorkDirectory { get; set; }
}
