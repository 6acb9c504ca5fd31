namespace FhirApp.Core.Scrubbing;

/// <summary>What the biller should do with a finding; declared in sort order.</summary>
public enum FindingSeverity
{
    /// <summary>Do not submit until fixed or overridden: the payer will very likely deny.</summary>
    Hold,

    /// <summary>Look before submitting: a denial is likely, or the data is doubtful.</summary>
    Review,

    /// <summary>Worth knowing; no action needed to submit.</summary>
    Info,
}
