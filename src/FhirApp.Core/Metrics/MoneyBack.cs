namespace FhirApp.Core.Metrics;

/// <summary>
/// Dollars the practice got back or kept: recovered by appeals (overturned in full, or a line the payer cleared after an
/// appeal), and kept by fixes accepted before submission (claims fixed in FhirApp that the payer then decided without
/// a denial of the kind the fix addressed).
/// </summary>
public sealed record MoneyBack
{
    public decimal RecoveredByAppeals { get; init; }

    public int AppealsWon { get; init; }

    /// <summary>Appeals the payer granted in part: the amount recovered is not recorded, so it is not in the total.</summary>
    public int AppealsPartlyWon { get; init; }

    /// <summary>Submitted dollars of fixed claims decided without a denial for the fixed reason.</summary>
    public decimal PreventedByFixes { get; init; }

    public int ClaimsFixedAndPaid { get; init; }

    /// <summary>Claims fixed before submission that no payer has decided yet.</summary>
    public int ClaimsFixedAwaitingDecision { get; init; }
}
