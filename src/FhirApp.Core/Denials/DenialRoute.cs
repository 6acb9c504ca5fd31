namespace FhirApp.Core.Denials;

/// <summary>
/// How a denied line is worked. The intake routes by the reason codes alone (<see cref="DenialDeadlines.Route"/>); the
/// appeal screen, once it has read the chart, records the line's decision (one of these, with its reason) on the work
/// item, so the queue shows what will really be done and its deadline.
/// </summary>
public enum DenialRoute
{
    /// <summary>Our own data was wrong: send a corrected (replacement) claim, CLM05-3 = 7.</summary>
    CorrectedClaim,

    /// <summary>We contest the payer's decision: appeal with evidence before the window closes.</summary>
    Appeal,

    /// <summary>A rejection: fix and submit as a new claim (no appeal rights).</summary>
    Resubmit,

    /// <summary>Reversals, recoupments, duplicates and unknown causes: a biller checks the account first.</summary>
    Review,

    /// <summary>No authorization covers the service: ask the payer for a retroactive one, then have the line reprocessed.</summary>
    RetroAuthorization,

    /// <summary>The payer assigned the amount to the patient (group PR) and no other coverage applies: bill the patient.</summary>
    BillPatient,

    /// <summary>Nothing to recover at a cost worth paying (or the window closed): adjust the balance off with the payer's reason.</summary>
    WriteOff,

    /// <summary>The chart does not yet show what the payer needs: ask the rendering clinician (an addendum) before appealing.</summary>
    AskClinician,
}
