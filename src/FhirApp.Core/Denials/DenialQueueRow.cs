namespace FhirApp.Core.Denials;

/// <summary>One work item as the queue shows it, with its expected value and days left computed at read time.</summary>
public sealed record DenialQueueRow
{
    public required long Id { get; init; }

    public required string ClaimId { get; init; }

    public string? PatientId { get; init; }

    public string? PayerId { get; init; }

    public string? Provider { get; init; }

    public required string EobId { get; init; }

    public int Line { get; init; }

    public DenialKind Kind { get; init; }

    public DenialCategory Category { get; init; }

    public DenialOwner Owner { get; init; }

    /// <summary>"CO-197", the bare CARC, or null.</summary>
    public string? Reason { get; init; }

    public string? Carc { get; init; }

    public string? Rarc { get; init; }

    /// <summary>The scrubber rule family that should have caught it, or <see cref="DenialCause.NoRule"/>.</summary>
    public required string Rule { get; init; }

    public decimal Amount { get; init; }

    public DateOnly? DecisionDate { get; init; }

    /// <summary>The claim's first date of service.</summary>
    public DateOnly? ServiceDate { get; init; }

    /// <summary>The denied line's CPT/HCPCS code; null for the whole claim.</summary>
    public string? Procedure { get; init; }

    public DateOnly? Deadline { get; init; }

    public string? DeadlineLevel { get; init; }

    /// <summary>Days from today to the deadline; negative when passed; null without a decision date.</summary>
    public int? DaysLeft { get; init; }

    public DenialRoute Route { get; init; }

    /// <summary>Why the line is worked by <see cref="Route"/>, once decided from the chart; null while the route is the intake's.</summary>
    public string? Decision { get; init; }

    /// <summary>The appeal level the deadline is for (0 = first).</summary>
    public int AppealLevel { get; init; }

    public DenialStatus Status { get; init; }

    public bool ClearedByPayer { get; init; }

    public string? Assignee { get; init; }

    public string? NextAction { get; init; }

    public DateOnly? DueDate { get; init; }

    /// <summary>P(overturn) × amount − rework cost, in dollars.</summary>
    public decimal ExpectedValue { get; init; }

    /// <summary>P(overturn): the category's typical rate shrunk toward the practice's decided appeals (<see cref="AppealOdds"/>).</summary>
    public double OverturnProbability { get; init; }

    /// <summary>What the probability rests on, in plain words.</summary>
    public string? OverturnBasis { get; init; }

    public int Notes { get; init; }

    /// <summary>The deadline has passed: the item is worked (late appeal with good cause, or write-off) apart, and its dollars are not "at stake".</summary>
    public bool IsPastDeadline => DaysLeft < 0;

    /// <summary>Items with the same cause can be worked together (bulk actions; <see cref="DenialService.UpdateAsync"/> checks the same pair).</summary>
    public string CauseKey => $"{Category}|{Reason}";
}
