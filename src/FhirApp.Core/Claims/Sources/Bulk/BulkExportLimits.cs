using System.ComponentModel.DataAnnotations;

namespace FhirApp.Core.Claims.Sources.Bulk;

/// <summary>Bounds on what one export may cost (the <c>Jobs:Export</c> settings).</summary>
public sealed class BulkExportLimits
{
    /// <summary>Files in one manifest (output and error together); more fails the export with that message.</summary>
    [Range(1, 100_000)]
    public int MaxFiles { get; set; } = 2_000;

    /// <summary>Bytes of one downloaded file (default 4 GiB); a larger one fails the export with that message.</summary>
    [Range(1, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>The wait between status polls when the server gives no Retry-After.</summary>
    [Range(1, 3600)]
    public int DefaultPollSeconds { get; set; } = 10;

    /// <summary>The longest wait between polls a Retry-After may ask for.</summary>
    [Range(1, 86_400)]
    public int MaxPollSeconds { get; set; } = 600;

    /// <summary>How long one run waits for an export to complete; then the run ends and the next resumes the same export.</summary>
    [Range(1, 1_000_000)]
    public int MaxWaitSeconds { get; set; } = 3 * 3600;
}
