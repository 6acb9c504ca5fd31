namespace FhirApp.Core.Scrubbing.Rules;

/// <summary>Modifier groups the code-level rules share (CMS NCCI Policy Manual, chapter I).</summary>
internal static class ModifierSets
{
    /// <summary>Distinct procedural service: 59 and its X{EPSU} subsets.</summary>
    public static readonly IReadOnlySet<string> DistinctService = new HashSet<string>(StringComparer.Ordinal) { "59", "XE", "XS", "XP", "XU" };

    /// <summary>Non-anatomic modifiers that may bypass an NCCI pair with modifier indicator 1.</summary>
    public static readonly IReadOnlySet<string> NcciBypass = new HashSet<string>(StringComparer.Ordinal)
    {
        "59", "XE", "XS", "XP", "XU", "27", "91", "24", "25", "57", "58", "78", "79",
    };

    /// <summary>Anatomic modifiers: they bypass a pair only when the two codes carry different ones (different sites).</summary>
    public static readonly IReadOnlySet<string> Anatomic = new HashSet<string>(StringComparer.Ordinal)
    {
        "E1", "E2", "E3", "E4", "FA", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9",
        "TA", "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "LT", "RT", "LC", "LD", "LM", "RC", "RI",
    };

    public static readonly IReadOnlySet<string> PhysicalStatus = new HashSet<string>(StringComparer.Ordinal) { "P1", "P2", "P3", "P4", "P5", "P6" };
}
