namespace FhirApp.SandboxEhr.TestHooks;

/// <summary>
/// One injected failure for FHIR requests (/fhir/{type}…, not metadata or discovery), posted to /_sandbox/faults.
/// Kind: "status" (answer <see cref="Status"/>, with Retry-After when <see cref="RetryAfterSeconds"/> is set),
/// "delay" (answer normally after <see cref="DelayMilliseconds"/>), "malform" (serve resource <see cref="ResourceId"/>
/// with an unreadable element wherever it appears). It skips the first <see cref="After"/> matching requests, then
/// affects the next <see cref="Times"/> (0 = until cleared).
/// </summary>
public sealed record Fault
{
    public required string Kind { get; init; }

    /// <summary>
    /// Only requests whose path starts with this (e.g. "/fhir/ExplanationOfBenefit"); the default, every FHIR request
    /// but a batch; "/fhir": every FHIR request, batches (POST /fhir) included.
    /// </summary>
    public string PathPrefix { get; init; } = "/fhir/";

    public int After { get; init; }

    public int Times { get; init; } = 1;

    public int Status { get; init; } = 500;

    public int? RetryAfterSeconds { get; init; }

    public int DelayMilliseconds { get; init; }

    public string? ResourceId { get; init; }
}
