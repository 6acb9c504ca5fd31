namespace FhirApp.Core.Claims;

/// <summary>One adjustment or denial reason from a ClaimResponse or EOB adjudication.</summary>
public sealed record AdjudicationReason
{
    /// <summary>X12 claim adjustment group code (CO, PR, OA, PI, CR) when the resource gives or implies one.</summary>
    public string? GroupCode { get; init; }

    /// <summary>The CARC (e.g. "197"), or another code system's code when <see cref="IsCarc"/> is false.</summary>
    public required string Code { get; init; }

    /// <summary>The coding system of <see cref="Code"/>.</summary>
    public string? System { get; init; }

    /// <summary>The resource's own text for the reason, when present.</summary>
    public string? Display { get; init; }

    /// <summary>Whether <see cref="Code"/> is an X12 Claim Adjustment Reason Code.</summary>
    public bool IsCarc { get; init; }

    /// <summary>Whether this reason denies money (not CO-45, CO-253 or PR-1/2/3).</summary>
    public bool IsDenial { get; init; }

    /// <summary>The adjusted amount, when given.</summary>
    public decimal? Amount { get; init; }

    /// <summary>The claim line (item sequence), or null for a header-level reason.</summary>
    public int? LineSequence { get; init; }

    /// <summary>"CO-197", or the bare code when no group code is known.</summary>
    public string Label => GroupCode is null ? Code : GroupCode + "-" + Code;
}
