using FhirApp.Core.Data;
using FhirApp.Core.Denials;
using FhirApp.Core.Scrubbing;

namespace FhirApp.Core.Appeals;

/// <summary>
/// One claim's appeal as the appeal screen shows it: the packet at the current level (decisions, evidence, letter), the
/// draft it would be saved as, the saved record of that level, every level's record so far, the success estimate, and
/// the next level on offer once the payer upheld this one.
/// </summary>
public sealed record AppealCase
{
    public required AppealPacket Packet { get; init; }

    /// <summary>The draft the generated letter would be saved as; null when the packet has no letter.</summary>
    public AppealDraft? Draft { get; init; }

    /// <summary>The saved record of the current level, if any.</summary>
    public AppealRecord? Record { get; init; }

    /// <summary>Every level's record, first level first.</summary>
    public IReadOnlyList<AppealRecord> History { get; init; } = [];

    public required AppealEstimate Estimate { get; init; }

    /// <summary>The next level, offered when the current one was upheld (fully or in part) and the payer has one.</summary>
    public NextLevel? Next { get; init; }

    /// <summary>How the payer receives appeals (its configured channel).</summary>
    public required PayerChannelOptions Channel { get; init; }
}
