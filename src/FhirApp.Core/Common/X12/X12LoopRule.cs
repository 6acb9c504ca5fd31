namespace FhirApp.Core.Common.X12;

/// <summary>
/// One loop of an implementation guide: the segment that opens it, how often it may repeat within its parent, whether
/// the parent must have it, the segments it may hold after the opening one (each with its maximum use) and its child loops.
/// </summary>
internal sealed record X12LoopRule(string Name, X12SegmentKey Trigger, int MaxRepeat, bool Required)
{
    public IReadOnlyList<X12SegmentUse> Segments { get; init; } = [];

    public IReadOnlyList<X12LoopRule> Loops { get; init; } = [];
}
