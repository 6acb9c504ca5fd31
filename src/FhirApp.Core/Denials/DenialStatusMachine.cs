namespace FhirApp.Core.Denials;

/// <summary>
/// The denial status machine: Open → Working → Appealed / Corrected claim sent / Written off / Closed. Actions move an
/// item (assigning or logging a call starts work, a sent appeal sets Appealed with a follow-up date, a built corrected
/// claim sets Corrected claim sent); a biller can also set a status by hand, within the moves below. Writing off needs
/// an adjustment reason; Appealed needs a follow-up date. Closed and written-off items can be reopened (denied again).
/// </summary>
public static class DenialStatusMachine
{
    /// <summary>Days after a sent appeal to follow up with the payer when nobody chose a date (payers commonly decide within 30–60 days).</summary>
    public const int DefaultAppealFollowUpDays = 30;

    /// <summary>Days after a corrected claim to check it was paid.</summary>
    public const int DefaultCorrectedClaimFollowUpDays = 21;

    private static readonly Dictionary<DenialStatus, DenialStatus[]> Moves = new()
    {
        [DenialStatus.Open] = [DenialStatus.Working, DenialStatus.Appealed, DenialStatus.CorrectedClaimSent, DenialStatus.WrittenOff, DenialStatus.Closed],
        [DenialStatus.Working] = [DenialStatus.Open, DenialStatus.Appealed, DenialStatus.CorrectedClaimSent, DenialStatus.WrittenOff, DenialStatus.Closed],
        // Upheld or no answer: back to work (next level, corrected claim) or off the books.
        [DenialStatus.Appealed] = [DenialStatus.Working, DenialStatus.Closed, DenialStatus.WrittenOff],
        [DenialStatus.CorrectedClaimSent] = [DenialStatus.Working, DenialStatus.Appealed, DenialStatus.Closed, DenialStatus.WrittenOff],
        [DenialStatus.WrittenOff] = [DenialStatus.Open],
        [DenialStatus.Closed] = [DenialStatus.Open],
    };

    /// <summary>The write-off (adjustment) reasons a biller picks from; "Other" needs a few words of its own.</summary>
    public static IReadOnlyList<string> WriteOffReasons { get; } =
    [
        "Appeal deadline passed",
        "Upheld at the last appeal level",
        "Balance too small to work",
        "Service not covered by the plan",
        "Billed in error",
        "Other",
    ];

    public static bool IsClosed(DenialStatus status) => status is DenialStatus.WrittenOff or DenialStatus.Closed;

    /// <summary>The statuses that end the work: what the closed view shows.</summary>
    public static IReadOnlyList<DenialStatus> ClosedStatuses { get; } = [DenialStatus.WrittenOff, DenialStatus.Closed];

    /// <summary>Where an item in <paramref name="from"/> may go next (not counting staying where it is).</summary>
    public static IReadOnlyList<DenialStatus> Next(DenialStatus from) => Moves[from];

    public static bool CanMove(DenialStatus from, DenialStatus to) => from == to || Moves[from].Contains(to);

    /// <summary>The status in words, as every screen and export shows it.</summary>
    public static string Words(DenialStatus status) => status switch
    {
        DenialStatus.Open => "Open",
        DenialStatus.Working => "Working",
        DenialStatus.Appealed => "Appealed",
        DenialStatus.CorrectedClaimSent => "Corrected claim sent",
        DenialStatus.WrittenOff => "Written off",
        _ => "Closed",
    };

    /// <summary>
    /// Why a move is refused, in words a biller can act on, or null when it is allowed. A write-off needs a reason (one of
    /// <see cref="WriteOffReasons"/>, and text when it is "Other"); Appealed needs a follow-up date.
    /// </summary>
    public static string? Refusal(DenialStatus from, DenialStatus to, string? writeOffReason, DateOnly? followUp)
    {
        if (!CanMove(from, to))
        {
            return $"An item that is {Words(from).ToLowerInvariant()} cannot be set to {Words(to).ToLowerInvariant()}. Reopen it first, or choose {string.Join(", ", Next(from).Select(s => Words(s).ToLowerInvariant()))}.";
        }

        if (to == DenialStatus.WrittenOff && from != to && string.IsNullOrWhiteSpace(writeOffReason))
        {
            return "Choose a write-off reason before writing the item off.";
        }

        if (to == DenialStatus.WrittenOff && from != to && string.Equals(writeOffReason?.Trim(), "Other", StringComparison.OrdinalIgnoreCase))
        {
            return "Say in a few words why the item is written off (\"Other\" alone is not a reason).";
        }

        return to == DenialStatus.Appealed && from != to && followUp is null
            ? "Choose a follow-up date for the appeal."
            : null;
    }

    /// <summary>
    /// The stored text of a status. Working, Corrected claim sent and Closed keep their earlier names ("InProgress",
    /// "Resubmitted", "Resolved") so rows written before this machine read back without a data migration.
    /// </summary>
    public static string Stored(DenialStatus status) => status switch
    {
        DenialStatus.Working => "InProgress",
        DenialStatus.CorrectedClaimSent => "Resubmitted",
        DenialStatus.Closed => "Resolved",
        _ => status.ToString(),
    };

    public static DenialStatus FromStored(string stored) => stored switch
    {
        "InProgress" => DenialStatus.Working,
        "Resubmitted" => DenialStatus.CorrectedClaimSent,
        "Resolved" => DenialStatus.Closed,
        _ => Enum.Parse<DenialStatus>(stored),
    };
}
