using System.Text.Json.Serialization;

namespace FhirApp.Core.Scrubbing;

/// <summary>
/// Something a payer looks for in a clinical note. Written in policy files in kebab case ("conservative-therapy");
/// an unknown name fails the file's load rather than silently checking nothing. Detection: Rules/NoteEvidence.cs.
/// </summary>
[JsonConverter(typeof(NoteElementJsonConverter))]
public enum NoteElement
{
    /// <summary>Session start and end times (timed psychotherapy codes).</summary>
    SessionTimes,

    /// <summary>A different site, incision, lesion, compartment or session (modifiers 59, XS, XE).</summary>
    DistinctSiteOrSession,

    /// <summary>A significant problem evaluated apart from the procedure (modifier 25).</summary>
    SeparateProblem,

    /// <summary>Conservative therapy that failed, and how long it was tried (injections, advanced imaging, surgery).</summary>
    ConservativeTherapy,

    /// <summary>The systemic disease behind an anesthesia physical status of P3 or P4.</summary>
    Comorbidity,
}
