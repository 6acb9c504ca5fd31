namespace FhirApp.Core.Scrubbing.Corrections.X12;

/// <summary>One claim (2300 loop) of an 837P as our reader reads it back: what a round-trip check compares with the FHIR draft.</summary>
public sealed record Claim837PSummary
{
    /// <summary>CLM01.</summary>
    public required string PatientControlNumber { get; init; }

    /// <summary>CLM02.</summary>
    public required decimal TotalCharge { get; init; }

    /// <summary>CLM05-1.</summary>
    public required string PlaceOfService { get; init; }

    /// <summary>CLM05-3: 1, 7 or 8.</summary>
    public required string Frequency { get; init; }

    /// <summary>REF*F8.</summary>
    public string? PayerClaimNumber { get; init; }

    /// <summary>REF*G1.</summary>
    public string? PriorAuthorization { get; init; }

    /// <summary>SBR09.</summary>
    public string? FilingIndicator { get; init; }

    /// <summary>NM1*IL NM109 and NM1*PR NM109.</summary>
    public string? SubscriberId { get; init; }

    public string? PayerId { get; init; }

    /// <summary>NM1*85, NM1*82 and NM1*DN NPIs.</summary>
    public string? BillingNpi { get; init; }

    public string? RenderingNpi { get; init; }

    public string? ReferringNpi { get; init; }

    /// <summary>HI codes in order, principal first, without the decimal point.</summary>
    public IReadOnlyList<string> Diagnoses { get; init; } = [];

    public IReadOnlyList<Line> Lines { get; init; } = [];

    /// <summary>One 2400 loop.</summary>
    /// <param name="Unit">SV103: UN units, MJ minutes.</param>
    /// <param name="PlaceOfService">SV105, when it differs from the claim's.</param>
    /// <param name="Pointers">SV107: 1-based positions in <see cref="Diagnoses"/>.</param>
    public sealed record Line(string Code, IReadOnlyList<string> Modifiers, decimal Charge, string Unit, decimal Units, string? PlaceOfService, IReadOnlyList<int> Pointers, DateOnly? From, DateOnly? To, string? ControlNumber);
}
