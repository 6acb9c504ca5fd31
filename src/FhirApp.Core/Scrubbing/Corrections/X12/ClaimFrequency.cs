namespace FhirApp.Core.Scrubbing.Corrections.X12;

/// <summary>CLM05-3, the claim frequency type code.</summary>
public enum ClaimFrequency
{
    /// <summary>1: an original claim.</summary>
    Original = 1,

    /// <summary>7: replacement of a prior claim (a corrected claim).</summary>
    Replacement = 7,

    /// <summary>8: void or cancel of a prior claim.</summary>
    Void = 8,
}
