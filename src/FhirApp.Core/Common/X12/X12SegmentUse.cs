namespace FhirApp.Core.Common.X12;

/// <summary>A segment a loop may hold, at most <see cref="MaxUse"/> times; <see cref="Required"/> when the loop must have it.</summary>
internal sealed record X12SegmentUse(X12SegmentKey Key, int MaxUse, bool Required = false);
