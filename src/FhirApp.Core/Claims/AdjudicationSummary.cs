namespace FhirApp.Core.Claims;

/// <summary>One payer decision about a claim: a ClaimResponse or an ExplanationOfBenefit.</summary>
public sealed record AdjudicationSummary
{
    /// <summary>"ClaimResponse/{id}" or "ExplanationOfBenefit/{id}".</summary>
    public required string Source { get; init; }

    /// <summary>The FHIR outcome code: queued, complete, error or partial.</summary>
    public string? FhirOutcome { get; init; }

    /// <summary>The label from <see cref="ClaimOutcomes"/>.</summary>
    public required string Outcome { get; init; }

    /// <summary>When the payer created the response (its <c>created</c> date).</summary>
    public DateOnly? Date { get; init; }

    /// <summary>The payer's disposition text.</summary>
    public string? Disposition { get; init; }

    /// <summary>Submitted total.</summary>
    public decimal? SubmittedAmount { get; init; }

    /// <summary>Benefit total (or payment amount).</summary>
    public decimal? PaidAmount { get; init; }

    /// <summary>Currency of the amounts.</summary>
    public string? Currency { get; init; }

    /// <summary>Header totals as given.</summary>
    public IReadOnlyList<AdjudicationTotal> Totals { get; init; } = [];

    /// <summary>Per-line amounts and reasons.</summary>
    public IReadOnlyList<LineAdjudication> Lines { get; init; } = [];

    /// <summary>Every reason, line and header level.</summary>
    public IReadOnlyList<AdjudicationReason> Reasons { get; init; } = [];

    /// <summary>Distinct reason labels ("CO-197", "PR-2"), denials first.</summary>
    public IReadOnlyList<string> ReasonCodes =>
        Reasons.OrderBy(r => r.IsDenial ? 0 : 1).Select(r => r.Label).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>ClaimResponse.error codes (rejections).</summary>
    public IReadOnlyList<string> ErrorCodes { get; init; } = [];

    /// <summary>The payer's process notes (<c>processNote.text</c>).</summary>
    public IReadOnlyList<string> ProcessNotes { get; init; } = [];
}
