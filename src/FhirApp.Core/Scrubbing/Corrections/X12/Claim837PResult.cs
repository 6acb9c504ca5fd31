using FhirApp.Core.Common.X12;

namespace FhirApp.Core.Scrubbing.Corrections.X12;

/// <summary>
/// An 837P written from a corrected-claim draft: the file when it passed our own reader's checks, else why not (in plain
/// words for missing data, or the implementation-guide issues found on reading it back). Never a file that failed.
/// </summary>
public sealed record Claim837PResult
{
    /// <summary>The X12 text; null when anything was missing or the file did not validate.</summary>
    public string? Content { get; init; }

    /// <summary>A file name for the download or the clearinghouse drop folder, e.g. "RO-ROBERT-COVERAGE-ENDED-7-000000042.837".</summary>
    public string? FileName { get; init; }

    /// <summary>The claim as our reader read the file back.</summary>
    public Claim837PSummary? Claim { get; init; }

    public IReadOnlyList<X12Issue> Issues { get; init; } = [];

    public bool IsValid => Content is not null && Issues.Count == 0;
}
