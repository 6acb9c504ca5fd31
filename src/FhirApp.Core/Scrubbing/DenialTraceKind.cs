namespace FhirApp.Core.Scrubbing;

/// <summary>How a denial relates to what FhirApp said of the claim before it was decided.</summary>
public enum DenialTraceKind
{
    /// <summary>A finding warned of it and a biller overrode it.</summary>
    WarnedOverridden,

    /// <summary>A finding warned of it and nobody acted on it.</summary>
    WarnedIgnored,

    /// <summary>FhirApp checked the claim and no finding warned of this: preventable, no rule yet.</summary>
    NotWarned,

    /// <summary>FhirApp never checked the claim before the payer decided it.</summary>
    NotChecked,
}
