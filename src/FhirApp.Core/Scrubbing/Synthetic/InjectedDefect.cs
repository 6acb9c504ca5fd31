namespace FhirApp.Core.Scrubbing.Synthetic;

/// <summary>
/// The known errors the synthetic generator can put into a claim, one per claim at most. Each maps to the
/// <see cref="FindingCategory"/> a scrubber should report it under (<see cref="SyntheticClaimGenerator.CategoryOf"/>).
/// </summary>
public enum InjectedDefect
{
    /// <summary>The claim bills no Coverage at all.</summary>
    NoCoverage,

    /// <summary>The Coverage billed ended before the date of service.</summary>
    CoverageEnded,

    /// <summary>A code on the payer's prior-authorization list, with no authorization on file.</summary>
    MissingAuth,

    /// <summary>An ICD-10-CM header (category) code where a billable code is needed.</summary>
    IcdHeaderCode,

    /// <summary>A service line without a diagnosis pointer.</summary>
    MissingDiagnosisPointer,

    /// <summary>An E/M and a minor procedure the same day, without modifier 25 on the E/M.</summary>
    MissingModifier25,

    /// <summary>An NCCI procedure pair (29881 / 29877) without a modifier.</summary>
    NcciPairWithoutModifier,

    /// <summary>More units on a line than the MUE allows (90834 x 3).</summary>
    UnitsOverMue,

    /// <summary>The payer's filing limit from the date of service has passed.</summary>
    FilingLimitPassed,

    /// <summary>The same patient, code, date, provider and modifiers as an earlier claim.</summary>
    Duplicate,

    /// <summary>The rendering provider's NPI fails the Luhn check.</summary>
    InvalidNpi,

    /// <summary>A place of service that is not in the CMS code set.</summary>
    InvalidPlaceOfService,

    /// <summary>A 90837 psychotherapy claim whose note has no start and end times.</summary>
    PsychotherapyNoteWithoutTimes,
}
