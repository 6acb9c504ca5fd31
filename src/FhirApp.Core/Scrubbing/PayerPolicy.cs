using System.Globalization;
using FhirApp.Core.Claims;

namespace FhirApp.Core.Scrubbing;

/// <summary>One payer's rules, as versions with effective dates; the version in force on the date of service applies.</summary>
public sealed record PayerPolicy
{
    /// <summary>The payer's key: its Organization id in the EHR (matched against Claim.insurer / Coverage.payor).</summary>
    public required string PayerId { get; init; }

    /// <summary>The payer's name, for display; never matched (see <see cref="Aliases"/>).</summary>
    public required string Name { get; init; }

    /// <summary>Other ids the payer arrives with: its NIIP / X12 payer id (an 835's N1*PR, a clearinghouse route), its Organization id in another EHR.</summary>
    public IReadOnlyList<string> Identifiers { get; init; } = [];

    /// <summary>
    /// The explicit alias table: exact names (case aside) under which a payer that arrives without any identifier is
    /// still this payer. Nothing else is matched by name.
    /// </summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>The directory entry of this payer (key, identifiers, aliases).</summary>
    public PayerDirectory.Entry DirectoryEntry => new(PayerId, Identifiers, Aliases);

    public IReadOnlyList<PayerPolicyVersion> Versions { get; init; } = [];

    /// <summary>The version in force on <paramref name="date"/>: the latest one effective on or before it and not yet expired.</summary>
    public PayerPolicyVersion? For(DateOnly date) =>
        Versions.Where(v => v.Effective <= date && (v.Expires is null || date < v.Expires))
            .MaxBy(v => v.Effective);
}

/// <summary>A payer policy as published on one date. Every list cites its own clause.</summary>
public sealed record PayerPolicyVersion
{
    public required string Version { get; init; }

    public required DateOnly Effective { get; init; }

    public DateOnly? Expires { get; init; }

    /// <summary>The document the rules come from, e.g. "Acme Health Plan provider manual".</summary>
    public required string Source { get; init; }

    /// <summary>When the project (or the practice) read the source.</summary>
    public DateOnly? Retrieved { get; init; }

    /// <summary>Days from the date of service to file; null when unknown.</summary>
    public int? FilingLimitDays { get; init; }

    public string? FilingLimitClause { get; init; }

    /// <summary>Warn (review) this many days before the filing limit.</summary>
    public int FilingWarningDays { get; init; } = 14;

    /// <summary>Regular expression a subscriber id must match, with the clause that says so.</summary>
    public string? SubscriberIdPattern { get; init; }

    public string? SubscriberIdClause { get; init; }

    public IReadOnlyList<AuthRequirement> AuthRequired { get; init; } = [];

    public IReadOnlyList<CoverageList> CoverageLists { get; init; } = [];

    /// <summary>
    /// The clause by which this payer requires a referring or ordering provider on imaging, therapy and DME lines;
    /// null when the payer's manual says nothing (the scrubber then applies the X12 requirement with judgement).
    /// </summary>
    public string? OrderingProviderClause { get; init; }

    /// <summary>What the payer needs to read in the note before it pays a code (e.g. failed conservative therapy for 20610).</summary>
    public IReadOnlyList<DocumentationRequirement> DocumentationRequired { get; init; } = [];

    /// <summary>Appeal levels and windows for denials decided while this version is in force; null: <see cref="AppealWindows.Default"/>.</summary>
    public AppealWindows? AppealWindows { get; init; }

    /// <summary>Rule ids this payer does not use (set by the project or turned off by a biller).</summary>
    public IReadOnlyList<string> DisabledRules { get; init; } = [];

    public SourceCitation Cite(string? clause) => new($"{Source}", Version, clause);
}

/// <summary>The payer requires prior authorization for a procedure code.</summary>
/// <summary>
/// The payer requires prior authorization for <paramref name="Code"/>: always, or only when the claim bills more than
/// <paramref name="UnitsOver"/> units of it, and only for dates of service from <paramref name="From"/> to
/// <paramref name="To"/> (inclusive; open when null) within the policy version.
/// </summary>
public sealed record AuthRequirement(string Code, string Clause, decimal? UnitsOver = null, DateOnly? From = null, DateOnly? To = null)
{
    public bool AppliesTo(DateOnly dateOfService, decimal units) =>
        (From is not { } from || from <= dateOfService) && (To is not { } to || dateOfService <= to) && units > (UnitsOver ?? 0m);

    /// <summary>The clause, with the units threshold and date range it carries, for the finding's source.</summary>
    public string Describe() =>
        Clause
        + (UnitsOver is { } over ? string.Create(CultureInfo.InvariantCulture, $", above {over:0.##} units") : "")
        + (From is not null || To is not null
            ? string.Create(CultureInfo.InvariantCulture, $", dates of service {From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "(open)"} to {To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "(open)"}")
            : "");
}

/// <summary>LCD-style coverage list: these procedure codes are covered only with these diagnoses (ICD-10 prefixes, no dots).</summary>
public sealed record CoverageList(IReadOnlyList<string> Codes, IReadOnlyList<string> DiagnosisPrefixes, string Clause);
