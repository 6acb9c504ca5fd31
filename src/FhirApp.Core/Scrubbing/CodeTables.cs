namespace FhirApp.Core.Scrubbing;

/// <summary>
/// Code-level rule content: NCCI-style procedure pairs, MUE-style unit limits, ICD-10-CM, HCPCS Level II, place of
/// service and global periods. The repository ships a small starter set written by the project (codes only, no CPT
/// descriptors); a practice loads the CMS files it downloads itself (see docs/rules-content.md).
/// </summary>
public sealed record CodeTables
{
    public IReadOnlyList<NcciPair> NcciPairs { get; init; } = [];

    public SourceCitation NcciSource { get; init; } = new("NCCI PTP practitioner edits (FhirApp starter table)", "none");

    public IReadOnlyDictionary<string, MueLimit> Mue { get; init; } = new Dictionary<string, MueLimit>();

    public SourceCitation MueSource { get; init; } = new("MUE practitioner services (FhirApp starter table)", "none");

    /// <summary>ICD-10-CM codes without dots.</summary>
    public IReadOnlyDictionary<string, IcdCode> Icd10 { get; init; } = new Dictionary<string, IcdCode>();

    public SourceCitation Icd10Source { get; init; } = new("ICD-10-CM (FhirApp starter subset)", "none");

    /// <summary>
    /// True when <see cref="Icd10"/> is a full code set (the CMS order file), so a code missing from it is really unknown;
    /// false for the starter subset, where a missing code only means "not checked".
    /// </summary>
    public bool Icd10IsComplete { get; init; }

    public IReadOnlySet<string> HcpcsLevel2 { get; init; } = new HashSet<string>();

    /// <summary>
    /// When each HCPCS Level II code is valid, from the practice's CMS HCPCS download; empty for the starter list, which
    /// has no dates (a listed code then counts as valid on any date).
    /// </summary>
    public IReadOnlyDictionary<string, HcpcsCode> HcpcsDates { get; init; } = new Dictionary<string, HcpcsCode>();

    public SourceCitation HcpcsSource { get; init; } = new("CMS HCPCS Level II", "none");

    public IReadOnlyDictionary<string, string> PlacesOfService { get; init; } = new Dictionary<string, string>();

    public SourceCitation PlaceOfServiceSource { get; init; } = new("CMS Place of Service code set", "none");

    /// <summary>Global surgical period in days (0, 10 or 90) by procedure code.</summary>
    public IReadOnlyDictionary<string, int> GlobalDays { get; init; } = new Dictionary<string, int>();

    public SourceCitation GlobalDaysSource { get; init; } = new("MPFS global days (FhirApp starter table)", "none");

    /// <summary>Lines of the table files that were skipped as malformed, across all files.</summary>
    public int SkippedLines { get; init; }

    /// <summary>What was skipped and why, as "file line N: reason" (the first few per file), for the load summary.</summary>
    public IReadOnlyList<string> LoadIssues { get; init; } = [];
}

/// <summary>An NCCI procedure-to-procedure edit: column 2 is bundled into column 1 unless a modifier is allowed (indicator 1) and used.</summary>
public sealed record NcciPair(string Column1, string Column2, DateOnly Effective, DateOnly? Deleted, int ModifierIndicator);

/// <summary>Medically unlikely edit: most units per line (MAI 1) or per day (MAI 2 policy, 3 clinical).</summary>
public sealed record MueLimit(string Code, int Units, int AdjudicationIndicator);

/// <summary>An ICD-10-CM code: billable or a header (category) code, with sex and age limits where the table gives them.</summary>
public sealed record IcdCode(string Code, bool Billable, char? Sex = null, int? MinAge = null, int? MaxAge = null);

/// <summary>A HCPCS Level II code valid from its add date through its termination date (both inclusive; null = open).</summary>
public sealed record HcpcsCode(string Code, DateOnly? ValidFrom, DateOnly? Terminated)
{
    public bool IsValidOn(DateOnly date) => (ValidFrom is null || ValidFrom <= date) && (Terminated is null || date <= Terminated);
}
