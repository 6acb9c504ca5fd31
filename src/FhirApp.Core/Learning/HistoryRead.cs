using FhirApp.Core.Scrubbing.Learned;

namespace FhirApp.Core.Learning;

/// <summary>The adjudicated claims of a history, and what was counted and skipped on the way.</summary>
internal sealed record HistoryRead(IReadOnlyList<MinedClaim> Claims, LearnedHistorySummary Summary);
