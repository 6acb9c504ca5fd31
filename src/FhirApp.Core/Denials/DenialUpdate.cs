using FhirApp.Core.Audit;
namespace FhirApp.Core.Denials;

/// <summary>What a biller changes on one or more work items; null members stay as they are.</summary>
public sealed record DenialUpdate
{
    public DenialStatus? Status { get; init; }

    /// <summary>"" clears the assignee.</summary>
    public string? Assignee { get; init; }

    /// <summary>"" clears the next action.</summary>
    public string? NextAction { get; init; }

    /// <summary>The follow-up date (when to check on the item next).</summary>
    public DateOnly? DueDate { get; init; }

    /// <summary>Why the item is written off (one of <see cref="DenialStatusMachine.WriteOffReasons"/>, or own words); required to write off.</summary>
    public string? WriteOffReason { get; init; }

    /// <summary>Who changes it, for the audit trail.</summary>
    public AuditActor By { get; init; } = AuditActor.System("unattributed");
}
