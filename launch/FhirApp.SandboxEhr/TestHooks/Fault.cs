namespace FhirApp.SandboxEhr.TestHooks;

/// <summary>
/// One injected failure, posted to /_sandbox/faults. For FHIR requests (/fhir/{type}…, not metadata or discovery):
/// Kind "status" (answer <see cref="Status"/>, with Retry-After when <see cref="RetryAfterSeconds"/> is set), "delay"
/// (answer normally after <see cref="DelayMilliseconds"/>), "malform" (serve resource <see cref="ResourceId"/> with an
/// unreadable element wherever it appears). For the token endpoint (<see cref="PathPrefix"/> "/connect/token", see
/// <see cref="TokenFaultMiddleware"/>): "status" (with <see cref="Error"/> and <see cref="ErrorDescription"/> as an
/// OAuth error body, else a plain-text one), "delay", "malform" (200 with a body that is not JSON), "id_token" (the
/// normal answer with its id_token spoiled as <see cref="IdToken"/> says). It skips the first <see cref="After"/>
/// matching requests, then affects the next <see cref="Times"/> (0 = until cleared).
/// </summary>
public sealed record Fault
{
    public required string Kind { get; init; }

    /// <summary>
    /// Only requests whose path starts with this (e.g. "/fhir/ExplanationOfBenefit"); the default, every FHIR request
    /// but a batch; "/fhir": every FHIR request, batches (POST /fhir) included; "/connect/token": token requests.
    /// </summary>
    public string PathPrefix { get; init; } = "/fhir/";

    /// <summary>Token endpoint only: just requests with this grant_type (authorization_code, refresh_token, client_credentials); null = any.</summary>
    public string? GrantType { get; init; }

    public int After { get; init; }

    public int Times { get; init; } = 1;

    public int Status { get; init; } = 500;

    public int? RetryAfterSeconds { get; init; }

    public int DelayMilliseconds { get; init; }

    public string? ResourceId { get; init; }

    /// <summary>Token endpoint "status" faults: the OAuth error code (invalid_grant, invalid_client, unauthorized_client…).</summary>
    public string? Error { get; init; }

    public string? ErrorDescription { get; init; }

    /// <summary>
    /// Token endpoint "id_token" faults: "unsigned" (alg none, no signature), "tampered" (a claim changed after signing),
    /// "expired" (re-signed with exp an hour ago), "wrong-aud" (re-signed for another client), "wrong-nonce" (re-signed
    /// with another nonce).
    /// </summary>
    public string? IdToken { get; init; }
}
