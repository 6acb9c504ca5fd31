using System.ComponentModel.DataAnnotations;

namespace FhirApp.Web.Jobs.Export;

/// <summary>Section "Jobs:Export": where exports are downloaded and how far back the training history reaches (limits: <see cref="Core.Claims.Sources.Bulk.BulkExportLimits"/>, same section).</summary>
public sealed class ExportOptions
{
    /// <summary>Where export files are downloaded before they are read; default: a folder under the system's temp directory.</summary>
    public string? WorkDirectory { get; set; }

    /// <summary>
    /// Where each practice's own history (exported for training) is kept: {HistoryDirectory}/{practice}; default
    /// ".fhirapp/history" under the working directory. Used only when Scoring:HistoryDirectory is not set.
    /// </summary>
    public string? HistoryDirectory { get; set; }

    /// <summary>How far back the training history export reaches (months before today).</summary>
    [Range(1, 240)]
    public int HistoryMonths { get; set; } = 24;

    public string DownloadDirectory => string.IsNullOrWhiteSpace(WorkDirectory) ? Path.Combine(Path.GetTempPath(), "fhirapp-export") : WorkDirectory;

    /// <summary>The root the exported histories live under, one folder per practice (ScoringOptions.PracticeFolder).</summary>
    public string HistoryRoot => Path.GetFullPath(string.IsNullOrWhiteSpace(HistoryDirectory) ? Path.Combine(".fhirapp", "history") : HistoryDirectory);
}
