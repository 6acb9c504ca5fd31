namespace FhirApp.Core.Data;

/// <summary>
/// One version of a practice's denial-risk model in the registry: what it learned from, how it measured on its holdout,
/// its files (the model folder zipped, so every app instance loads the same bytes), and whether it is the live one.
/// </summary>
public sealed class ModelVersion
{
    public long Id { get; set; }

    /// <summary>The smart-config registration (practice) the model belongs to.</summary>
    public required string Tenant { get; set; }

    /// <summary>1, 2, 3… per practice: the version users talk about.</summary>
    public int Number { get; set; }

    /// <summary>The model card's content-derived version ("dr-…" or "cold-…"); null until trained.</summary>
    public string? ModelId { get; set; }

    public ModelVersionStatus Status { get; set; } = ModelVersionStatus.Training;

    /// <summary>Why a failed training failed: exception type and message, no claim data.</summary>
    public string? Error { get; set; }

    /// <summary>Why it was trained: "schedule", "AUC below floor …", "manual (user)", "registered".</summary>
    public required string Trigger { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>"LightGbm" or "FastTree"; null in cold start or while training.</summary>
    public string? Trainer { get; set; }

    public bool ColdStart { get; set; }

    /// <summary>Submission dates of the first and last adjudicated history claims.</summary>
    public DateOnly? HistoryFrom { get; set; }

    public DateOnly? HistoryTo { get; set; }

    public int HistoryClaims { get; set; }

    public int HistoryDenials { get; set; }

    /// <summary>Feature names, comma-separated, in vector order.</summary>
    public string Features { get; set; } = "";

    /// <summary>The holdout metrics as JSON (overall, calibration, per payer); null in cold start.</summary>
    public string? MetricsJson { get; set; }

    /// <summary>How billers' score overrides fed the training (<see cref="Scoring.ScoreOverrideFeedback"/>) as JSON; null when none.</summary>
    public string? OverridesJson { get; set; }

    /// <summary>The model folder as a zip (model.json, denial.zip, reason.zip); null until trained.</summary>
    public byte[]? Files { get; set; }

    /// <summary>The version the practice's screens score with; at most one per practice (unique filtered index).</summary>
    public bool IsLive { get; set; }

    public string? PromotedBy { get; set; }

    public DateTimeOffset? PromotedAt { get; set; }
}
