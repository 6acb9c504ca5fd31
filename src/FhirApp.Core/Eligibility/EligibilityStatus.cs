namespace FhirApp.Core.Eligibility;

/// <summary>What the payer said about the coverage on the date asked.</summary>
public enum EligibilityStatus
{
    /// <summary>Covered on the date of service.</summary>
    Active,

    /// <summary>Not covered on the date of service (ended, not started, or cancelled).</summary>
    Inactive,

    /// <summary>The payer refused the question (an AAA rejection: unknown member, wrong name or birth date…).</summary>
    Rejected,

    /// <summary>No usable answer: the payer or clearinghouse did not answer in time, failed, or sent something unreadable.</summary>
    Failed,
}
