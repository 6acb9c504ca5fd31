namespace FhirApp.Core.Denials;

/// <summary>What happened to a claim line kept apart because each is worked differently.</summary>
public enum DenialKind
{
    /// <summary>Adjudicated and not paid for a denial reason: corrected claim or appeal.</summary>
    Denial,

    /// <summary>Never adjudicated (outcome error, or Medicare CO-16 + MA130 "unprocessable"): fix and submit as a new claim.</summary>
    Rejection,

    /// <summary>The payer reversed an earlier adjudication (EOB cancelled, or a CR-group correction with no benefit left).</summary>
    Reversal,

    /// <summary>The payer takes money back (negative benefit or payment).</summary>
    Recoupment,
}
