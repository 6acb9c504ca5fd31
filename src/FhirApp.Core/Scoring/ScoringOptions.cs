namespace FhirApp.Core.Scoring;

/// <summary>Scoring settings (configuration section "Scoring"): where models and history come from, and when to retrain.</summary>
public sealed class ScoringOptions
{
    /// <summary>A model folder written by `fhirapp train`: used while a practice has no live version in the registry.</summary>
    public string? ModelDirectory { get; set; }

    /// <summary>
    /// Root of the practices' adjudicated histories: one folder per practice, named by <see cref="PracticeFolder"/>, of
    /// NDJSON / Bundles (what `fhirapp train --history` reads). A practice without its folder is not retrained.
    /// </summary>
    public string? HistoryRoot { get; set; }

    /// <summary>The practice's own history folder under <see cref="HistoryRoot"/>, or null when it has none.</summary>
    public string? HistoryFor(string practice) =>
        string.IsNullOrWhiteSpace(HistoryRoot) || Path.Combine(HistoryRoot, PracticeFolder(practice)) is var folder && !Directory.Exists(folder) ? null : folder;

    /// <summary>A practice key as a folder name: letters, digits, '-' and '_' kept, anything else (the ':' before a tenant) as '_'.</summary>
    public static string PracticeFolder(string practice) =>
        new([.. (practice ?? throw new ArgumentNullException(nameof(practice))).Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' ? c : '_')]);

    /// <summary>Retrain when the live model's AUC on the last week's adjudicated claims falls under this (case study: 0.87).</summary>
    public double AucFloor { get; set; } = 0.87;

    /// <summary>Days of adjudications the AUC check scores.</summary>
    public int AucWindowDays { get; set; } = 7;

    /// <summary>Fewer adjudicated claims in the window (or no denial, or no paid claim) and the check does not judge.</summary>
    public int MinCheckClaims { get; set; } = 20;

    /// <summary>Quartz cron (UTC) of scheduled retraining: Sundays 03:00.</summary>
    public string RetrainCron { get; set; } = "0 0 3 ? * SUN";

    /// <summary>Quartz cron (UTC) of the AUC check: daily 02:30.</summary>
    public string AucCheckCron { get; set; } = "0 30 2 * * ?";
}
