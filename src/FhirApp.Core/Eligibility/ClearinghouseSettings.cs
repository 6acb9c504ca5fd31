namespace FhirApp.Core.Eligibility;

/// <summary>The practice's clearinghouse for 270/271: its REST API and the interchange ids it assigned.</summary>
public sealed record ClearinghouseSettings
{
    /// <summary>The API's base URL; 270s are POSTed as X12 text to {base}/eligibility/270.</summary>
    public string BaseUrl { get; init; } = "";

    /// <summary>The configuration key (user-secrets or environment) holding the API key, sent as X-Api-Key; null: none.</summary>
    public string? ApiKeySetting { get; init; }

    /// <summary>ISA06 / GS02: the practice's id at the clearinghouse.</summary>
    public string SubmitterId { get; init; } = "";

    /// <summary>ISA08 / GS03: the clearinghouse's id.</summary>
    public string ReceiverId { get; init; } = "";

    /// <summary>ISA15: T (test) or P (production).</summary>
    public string Usage { get; init; } = "T";

    /// <summary>One attempt's time limit; a payer that does not answer in time is reported as "did not answer".</summary>
    public int TimeoutSeconds { get; init; } = 15;
}
