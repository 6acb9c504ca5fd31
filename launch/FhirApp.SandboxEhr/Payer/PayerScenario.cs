namespace FhirApp.SandboxEhr.Payer;

/// <summary>
/// A payer misbehaviour for tests, posted to /_sandbox/payer-scenarios, for a member id (or "*"): Kind "aaa" (reject
/// with <see cref="Code"/>, at <see cref="Level"/> "subscriber" or "payer"), "delay" (answer after
/// <see cref="DelayMilliseconds"/>: a timeout for a client with a shorter limit), "status" (answer HTTP
/// <see cref="Status"/>), "demographics" (the payer's file has another <see cref="Last"/>, <see cref="First"/>,
/// <see cref="BirthDate"/> or <see cref="NewMemberId"/> for the member), "lapse" (the coverage ended on <see cref="End"/>),
/// "malformed" (an answer the app cannot read: <see cref="Code"/> "truncated", a 271 or FHIR JSON cut short, or
/// "not-json", an HTML page with status 200). Affects the next <see cref="Times"/> requests (0 = until cleared).
/// </summary>
public sealed record PayerScenario
{
    public static readonly IReadOnlyList<string> Kinds = ["aaa", "delay", "status", "demographics", "lapse", "malformed"];

    public required string Kind { get; init; }

    public string MemberId { get; init; } = "*";

    public string? Code { get; init; }

    public string Level { get; init; } = "subscriber";

    public int DelayMilliseconds { get; init; }

    public int Status { get; init; } = 503;

    /// <summary>With "status": the Retry-After header in seconds (null: none; a 429 gets 1 by default).</summary>
    public int? RetryAfterSeconds { get; init; }

    public string? Last { get; init; }

    public string? First { get; init; }

    public string? BirthDate { get; init; }

    public string? NewMemberId { get; init; }

    public string? End { get; init; }

    public int Times { get; init; } = 1;
}
