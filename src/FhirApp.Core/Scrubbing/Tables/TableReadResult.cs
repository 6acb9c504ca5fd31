namespace FhirApp.Core.Scrubbing.Tables;

/// <summary>
/// The rows read from one code-table file, and what was skipped: a bad line is counted and described, never fatal,
/// so one damaged row in a two-million-line CMS download does not take the scrubber down.
/// </summary>
public sealed record TableReadResult<T>(IReadOnlyList<T> Rows, int SkippedLines, IReadOnlyList<string> Issues);
