namespace FhirApp.Core.Denials;

/// <summary>One denied, rejected, reversed or recouped claim line (line 0 = the whole claim), categorized.</summary>
public sealed record DetectedDenial
{
    /// <summary>The claim item sequence; 0 for a claim-level decision.</summary>
    public required int Line { get; init; }

    public required DenialKind Kind { get; init; }

    /// <summary>The first denying CARC on the line, or null when the payer gave none.</summary>
    public string? Carc { get; init; }

    /// <summary>Its group code (CO, PR, OA, PI, CR), when known.</summary>
    public string? Group { get; init; }

    /// <summary>RARCs given on the line or the header.</summary>
    public IReadOnlyList<string> Rarcs { get; init; } = [];

    /// <summary>ClaimResponse.error codes of a rejection.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The money at stake: denied adjustment amount, else the line's submitted charge (positive for recoupments).</summary>
    public decimal Amount { get; init; }

    public required DenialCause Cause { get; init; }

    /// <summary>The line's CPT/HCPCS code; null for a claim-level decision (line 0) or a line coded otherwise.</summary>
    public string? Procedure { get; init; }

    /// <summary>The line's rendering provider (its careTeamSequence member in a rendering role), else the claim's.</summary>
    public string? RenderingProvider { get; init; }

    /// <summary>"CO-197", or the bare code.</summary>
    public string? Label => Carc is null ? null : Group is null ? Carc : Group + "-" + Carc;
}
