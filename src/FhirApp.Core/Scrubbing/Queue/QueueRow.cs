namespace FhirApp.Core.Scrubbing.Queue;

/// <summary>One not-yet-adjudicated claim in the biller's pre-submit queue, counted after the biller's decisions.</summary>
public sealed record QueueRow
{
    public required string ClaimId { get; init; }

    public string? PatientId { get; init; }

    public string? PatientName { get; init; }

    public DateOnly? ServiceDate { get; init; }

    public string? PayerName { get; init; }

    /// <summary>The rendering provider as shown ("Susan Patel MD (NPI …)").</summary>
    public string? Provider { get; init; }

    public decimal? Billed { get; init; }

    public string? Currency { get; init; }

    /// <summary>Worst open finding; null when nothing is open.</summary>
    public FindingSeverity? WorstSeverity { get; init; }

    public int Holds { get; init; }

    public int Reviews { get; init; }

    public int Infos { get; init; }

    /// <summary>The first open finding (the scrubber orders them worst first, nearest deadline first).</summary>
    public string? TopMessage { get; init; }

    public string? TopRuleId { get; init; }

    /// <summary>Rule ids of every open finding, for the rule filter.</summary>
    public IReadOnlyList<string> RuleIds { get; init; } = [];

    /// <summary>Days left before the payer's filing limit (negative once passed); null when unknown.</summary>
    public int? FilingDaysLeft { get; init; }

    /// <summary>The claim's work state in words ("2 holds to fix", "Ready to submit").</summary>
    public required ClaimWorkState Work { get; init; }

    /// <summary>Why the claim could not be scrubbed, if it could not.</summary>
    public string? ScrubError { get; init; }
}
