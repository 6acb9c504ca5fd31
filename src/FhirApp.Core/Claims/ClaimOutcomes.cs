namespace FhirApp.Core.Claims;

/// <summary>The outcome labels shown for a claim's latest adjudication.</summary>
public static class ClaimOutcomes
{
    /// <summary>Paid in full (patient cost-sharing and contractual write-downs are not denials).</summary>
    public const string Paid = "Paid";

    /// <summary>Processed with reductions but no line denied outright.</summary>
    public const string PartiallyPaid = "Partially paid";

    /// <summary>Some lines denied (zero benefit with a denial reason), others paid.</summary>
    public const string PartiallyDenied = "Partially denied";

    /// <summary>Every adjudicated line denied.</summary>
    public const string Denied = "Denied";

    /// <summary>No ClaimResponse or EOB yet.</summary>
    public const string Pending = "Pending";

    /// <summary>The payer queued the claim (outcome = queued).</summary>
    public const string Queued = "Queued";

    /// <summary>Rejected before adjudication (outcome = error): fix and resubmit, no appeal.</summary>
    public const string Error = "Error";

    /// <summary>Whether the label means money was denied (the claim belongs in denial work).</summary>
    public static bool IsDenial(string outcome) => outcome is Denied or PartiallyDenied;
}
