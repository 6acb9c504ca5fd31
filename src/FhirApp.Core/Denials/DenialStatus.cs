namespace FhirApp.Core.Denials;

/// <summary>
/// Where a denial work item stands (see <see cref="DenialStatusMachine"/> for the moves between them). Stored as text;
/// three members keep their earlier stored names (<see cref="DenialStatusMachine.Stored"/>), so no row needs rewriting.
/// </summary>
public enum DenialStatus
{
    /// <summary>New from the remittance; nobody has touched it.</summary>
    Open,

    /// <summary>Someone is on it: assigned, a call logged, a decision recorded.</summary>
    Working,

    /// <summary>An appeal reached the payer; follow up on the item's follow-up date.</summary>
    Appealed,

    /// <summary>A corrected (replacement) claim was built for the payer.</summary>
    CorrectedClaimSent,

    /// <summary>Adjusted off, with an adjustment reason.</summary>
    WrittenOff,

    /// <summary>Done: paid after the appeal or corrected claim, or cleared by the payer.</summary>
    Closed,
}
