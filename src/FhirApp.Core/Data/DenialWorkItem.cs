using FhirApp.Core.Denials;

namespace FhirApp.Core.Data;

/// <summary>
/// One claim line that needs denial work, in one practice. Unique by (tenant, adjudication type, adjudication id, line):
/// a new version of the same EOB updates the derived fields here and keeps status, assignee, next action and notes.
/// </summary>
public sealed class DenialWorkItem
{
    public long Id { get; set; }

    public required string Tenant { get; set; }

    public required string ClaimId { get; set; }

    public string? PatientId { get; set; }

    public string? PayerId { get; set; }

    public string? Provider { get; set; }

    /// <summary>The line's rendering provider (its careTeamSequence member in a rendering role), else the claim's.</summary>
    public string? RenderingProvider { get; set; }

    /// <summary>The line's CPT/HCPCS code; null for the whole claim (line 0) or a line without one.</summary>
    public string? Procedure { get; set; }

    /// <summary>"ExplanationOfBenefit" or "ClaimResponse".</summary>
    public required string AdjudicationType { get; set; }

    /// <summary>The EOB (or ClaimResponse) id.</summary>
    public required string EobId { get; set; }

    /// <summary>The version whose data this row reflects.</summary>
    public required string EobVersion { get; set; }

    /// <summary>Claim item sequence; 0 for the whole claim.</summary>
    public int Line { get; set; }

    public DenialKind Kind { get; set; }

    public DenialCategory Category { get; set; }

    public DenialOwner Owner { get; set; }

    public string? Carc { get; set; }

    public string? GroupCode { get; set; }

    /// <summary>RARCs, space-separated.</summary>
    public string? Rarc { get; set; }

    public string? ErrorCode { get; set; }

    /// <summary>The scrubber rule family that should have caught it, or null when none does.</summary>
    public string? Rule { get; set; }

    public decimal Amount { get; set; }

    public DateOnly? DecisionDate { get; set; }

    public DateOnly? ServiceDate { get; set; }

    public DateOnly? Deadline { get; set; }

    public string? DeadlineLevel { get; set; }

    public DenialRoute Route { get; set; }

    /// <summary>
    /// Why the line is worked by <see cref="Route"/>, in one plain sentence, once the appeal screen decided it from the
    /// chart (null while the route is the intake's, from the reason codes alone).
    /// </summary>
    public string? Decision { get; set; }

    /// <summary>The appeal level the deadline is for (0 = first), once a decision or an outcome moved it on.</summary>
    public int AppealLevel { get; set; }

    public DenialStatus Status { get; set; }

    /// <summary>True when a later version of the adjudication no longer denies this line.</summary>
    public bool ClearedByPayer { get; set; }

    public string? Assignee { get; set; }

    public string? NextAction { get; set; }

    public DateOnly? DueDate { get; set; }

    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>UTC.</summary>
    public DateTime UpdatedAt { get; set; }

    public List<DenialWorkNote> Notes { get; set; } = [];
}
