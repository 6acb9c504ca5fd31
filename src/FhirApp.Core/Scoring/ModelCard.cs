namespace FhirApp.Core.Scoring;

/// <summary>
/// What a trained model is (written as model.json beside its files): version, history it learned from, trainer and why,
/// features, holdout metrics, and the history counts its features and explanations use. Also what the UI's model page
/// and the future model registry show.
/// </summary>
public sealed record ModelCard
{
    public required string Version { get; init; }

    public DateOnly? HistoryFrom { get; init; }

    public DateOnly? HistoryTo { get; init; }

    /// <summary>Adjudicated claims in the history (labelled).</summary>
    public int HistoryClaims { get; init; }

    public int HistoryDenials { get; init; }

    /// <summary>History claims skipped: no usable adjudication (missing outcome, queued, rejected).</summary>
    public int SkippedClaims { get; init; }

    /// <summary>True when the history was too small and scores come from scrubber-based priors.</summary>
    public bool ColdStart { get; init; }

    public string? ColdStartReason { get; init; }

    /// <summary>"LightGbm" or "FastTree"; null in cold start.</summary>
    public string? Trainer { get; init; }

    /// <summary>Why that trainer: the holdout AUC and training time of both.</summary>
    public string? TrainerChoice { get; init; }

    public IReadOnlyList<string> Features { get; init; } = [];

    public HoldoutMetrics? Holdout { get; init; }

    public double TrainSeconds { get; init; }

    /// <summary>Key → [claims, denied] (see HistoryStats): target encodings and explanation figures.</summary>
    public Dictionary<string, int[]> Stats { get; init; } = [];

    /// <summary>Share of each category among denials in the history (reasons when no reason model could be trained).</summary>
    public Dictionary<string, double> CategoryPriors { get; init; } = [];

    /// <summary>The reason model's classes in score order; empty when there is no reason model.</summary>
    public IReadOnlyList<string> ReasonClasses { get; init; } = [];

    /// <summary>How billers' score overrides fed this training; null when there were none.</summary>
    public ScoreOverrideFeedback? Overrides { get; init; }

    /// <summary>
    /// The payer rules mined from the whole training history: the learned-rule features of the model read a
    /// claim against them. Null for models trained before they existed, or in cold start.
    /// </summary>
    public FhirApp.Core.Scrubbing.Learned.LearnedRuleBook? LearnedRules { get; init; }

    /// <summary>Category → the reason ("CO-29") its denials carried most often in the history: the CARC a predicted reason names.</summary>
    public Dictionary<string, string> CategoryCarcs { get; init; } = [];
}


/// <summary>Metrics on the time-based holdout (the latest 20% of the history by submission date).</summary>
public sealed record HoldoutMetrics
{
    public int Claims { get; init; }

    public int Denials { get; init; }

    public DateOnly? From { get; init; }

    public double Auc { get; init; }

    public double Ece { get; init; }

    public double Brier { get; init; }

    /// <summary>Average precision (area under the precision–recall curve); see <see cref="ModelMetrics.AveragePrecision"/>.</summary>
    public double PrAuc { get; init; }

    /// <summary>Best precision at a threshold that finds at least 80% of the denials.</summary>
    public double PrecisionAt80Recall { get; init; }

    /// <summary>Mean predicted probability against observed denial rate, per decile of the holdout's scores.</summary>
    public IReadOnlyList<CalibrationBin> Calibration { get; init; } = [];

    /// <summary>Share of denied holdout claims whose true category is the reason model's first reason.</summary>
    public double ReasonTop1 { get; init; }

    public IReadOnlyList<PayerMetrics> PerPayer { get; init; } = [];
}

/// <summary>Holdout metrics of one payer (the payer of the claim's coverage, as the features use it).</summary>
public sealed record PayerMetrics(string PayerId, string PayerName, int Claims, int Denials, double Auc)
{
    public double PrAuc { get; init; }

    public double PrecisionAt80Recall { get; init; }

    public double Brier { get; init; }

    public IReadOnlyList<CalibrationBin> Calibration { get; init; } = [];
}
