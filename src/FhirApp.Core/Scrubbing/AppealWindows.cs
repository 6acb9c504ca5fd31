namespace FhirApp.Core.Scrubbing;

/// <summary>
/// A payer's appeal levels in order, each with its window in days from the prior decision's date, and how long a
/// corrected claim may follow a denial (null: the first level's window applies).
/// </summary>
public sealed record AppealWindows
{
    /// <summary>Used for a payer without its own section: 60 days, the short end of the windows commercial payers commonly
    /// give (60 to 180 days), so an unknown contract never makes the queue promise more time than there is.</summary>
    public static AppealWindows Default { get; } = new()
    {
        Levels = [new AppealLevel("first-level appeal", 60, "FhirApp default: no appeal window configured for this payer")],
    };

    public required IReadOnlyList<AppealLevel> Levels { get; init; }

    public int? CorrectedClaimDays { get; init; }

    public string? CorrectedClaimClause { get; init; }

    /// <summary>The form of the level at <paramref name="index"/> (0 = first): as configured, else first, second, then external review.</summary>
    public AppealForm FormAt(int index)
    {
        var at = Math.Clamp(index, 0, Levels.Count - 1);
        return Levels[at].Form ?? at switch
        {
            0 => AppealForm.CommercialFirstLevel,
            1 => AppealForm.CommercialSecondLevel,
            _ => AppealForm.ExternalReview,
        };
    }
}

/// <summary>
/// One appeal level: its name, its window in days from the prior decision, the clause that sets it, and the form the
/// request takes (null: the commercial form of the level's position, <see cref="AppealWindows.FormAt"/>).
/// </summary>
public sealed record AppealLevel(string Level, int Days, string Clause, AppealForm? Form = null);
