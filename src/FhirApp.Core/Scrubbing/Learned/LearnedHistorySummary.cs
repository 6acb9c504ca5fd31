namespace FhirApp.Core.Scrubbing.Learned;

/// <summary>What the miner read and what it counted and skipped (bad input costs only itself).</summary>
public sealed record LearnedHistorySummary
{
    public int Resources { get; init; }

    /// <summary>Resources the reader could not parse.</summary>
    public int UnreadableResources { get; init; }

    public int Claims { get; init; }

    /// <summary>Claims with a usable adjudication: what the rules are learned from.</summary>
    public int Adjudicated { get; init; }

    public int Denied { get; init; }

    /// <summary>Claims without any final adjudication (none, queued or rejected before adjudication): skipped.</summary>
    public int WithoutOutcome { get; init; }

    /// <summary>EOBs whose claim is not in the history: skipped.</summary>
    public int EobsWithoutClaim { get; init; }

    /// <summary>Claims with several adjudications (versions of one EOB, or EOB and ClaimResponse): the latest is used, the rest skipped.</summary>
    public int SupersededAdjudications { get; init; }

    /// <summary>Claims without a date of service or a payer: skipped.</summary>
    public int WithoutServiceDateOrPayer { get; init; }

    /// <summary>Lines whose procedure code is not a CPT / HCPCS code: skipped.</summary>
    public int UnknownCodeLines { get; init; }

    /// <summary>Denial reasons whose CARC the category table does not list: counted, the denial still counts.</summary>
    public int UnknownReasonCodes { get; init; }

    public DateOnly? FirstService { get; init; }

    public DateOnly? LastService { get; init; }
}
