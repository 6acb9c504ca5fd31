using FhirApp.Core.Data;

namespace FhirApp.Core.Scoring.Registry;

/// <summary>A registry version as the model page shows it: everything but the model files.</summary>
public sealed record ModelVersionInfo
{
    public long Id { get; init; }

    public int Number { get; init; }

    public string? ModelId { get; init; }

    public ModelVersionStatus Status { get; init; }

    public string? Error { get; init; }

    public string Trigger { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public string? Trainer { get; init; }

    public bool ColdStart { get; init; }

    public DateOnly? HistoryFrom { get; init; }

    public DateOnly? HistoryTo { get; init; }

    public int HistoryClaims { get; init; }

    public int HistoryDenials { get; init; }

    public IReadOnlyList<string> Features { get; init; } = [];

    /// <summary>Holdout metrics, overall and per payer; null in cold start, while training, or after a failure.</summary>
    public HoldoutMetrics? Metrics { get; init; }

    /// <summary>How billers' score overrides fed the training; null when there were none.</summary>
    public ScoreOverrideFeedback? Overrides { get; init; }

    public bool IsLive { get; init; }

    public string? PromotedBy { get; init; }

    public DateTimeOffset? PromotedAt { get; init; }
}
