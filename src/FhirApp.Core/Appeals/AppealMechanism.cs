using System.Text.Json.Serialization;

namespace FhirApp.Core.Appeals;

/// <summary>
/// How a payer denied a line, as an appeal argues it: one kind of argument per mechanism, whatever the code that named it
/// (CO-50 and CO-167 are both argued as medical necessity; CO-97 on an E/M with modifier 25 is a modifier 25 argument).
/// </summary>
public enum AppealMechanism
{
    MedicalNecessity,

    /// <summary>A significant, separately identifiable E/M on the day of a procedure (the kebab-case policy would spell it "modifier25").</summary>
    [JsonStringEnumMemberName("modifier-25")]
    Modifier25,

    /// <summary>Modifiers 59, XE, XS, XP, XU: a distinct site, session or practitioner.</summary>
    DistinctProcedure,
    Units,
    Authorization,
    TimelyFiling,
    Eligibility,
    Duplicate,
    Bundling,

    /// <summary>Our own coding error (invalid code, missing or wrong modifier): a corrected claim, not an appeal.</summary>
    Coding,

    /// <summary>Missing or invalid claim data: a corrected claim.</summary>
    MissingInformation,

    /// <summary>Not a covered benefit of the plan.</summary>
    NonCovered,

    /// <summary>The provider was not enrolled or credentialed with the plan on the date of service.</summary>
    ProviderEnrollment,

    /// <summary>A cause the table does not know: a biller reads the account first.</summary>
    Other,
}
