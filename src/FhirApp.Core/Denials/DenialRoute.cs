namespace FhirApp.Core.Denials;

/// <summary>How a denied line is worked.</summary>
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
}
