using System.Text.Json.Serialization;

namespace FhirApp.Core.Appeals;

/// <summary>How documented care gives billing units.</summary>
public enum UnitKind
{
    /// <summary>A drug: the dose over the billing unit's amount, partial units rounded up.</summary>
    Dose,

    /// <summary>A timed 15-minute code: CMS's 8-minute rule over the total timed minutes.</summary>
    [JsonStringEnumMemberName("timed-15")]
    Timed15,

    /// <summary>Units are minutes (anesthesia time).</summary>
    Minutes,

    /// <summary>One unit per session.</summary>
    Session,
}
