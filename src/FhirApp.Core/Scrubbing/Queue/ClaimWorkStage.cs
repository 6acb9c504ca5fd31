namespace FhirApp.Core.Scrubbing.Queue;

/// <summary>Where a claim stands in the practice's work; shown only through <see cref="ClaimWorkState.Words"/>.</summary>
public enum ClaimWorkStage
{
    /// <summary>Not adjudicated, no open hold or review: it can go out.</summary>
    ReadyToSubmit,

    /// <summary>Not adjudicated, at least one open hold.</summary>
    HoldsToFix,

    /// <summary>Not adjudicated, no open hold, at least one open review.</summary>
    ToReview,

    /// <summary>Not adjudicated and the checks could not read it.</summary>
    NotChecked,

    /// <summary>Rejected by the payer before adjudication and nothing open: fix what the payer said and send it again.</summary>
    Rejected,

    /// <summary>The payer has it (queued): nothing to do but wait.</summary>
    Sent,

    Paid,

    PartlyPaid,

    PartlyDenied,

    Denied,

    /// <summary>Cancelled or entered in error: out of the work.</summary>
    Closed,
}
