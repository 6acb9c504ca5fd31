using FhirApp.Core.Documentation;
using FhirApp.Core.Scrubbing;

namespace FhirApp.Core.Appeals;

/// <summary>What an appeal of one mechanism, for one kind of service, must show (criteria.json).</summary>
public sealed record CriterionSet
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    public required AppealMechanism Mechanism { get; init; }

    /// <summary>Procedure codes, or ranges "99202-99215" / "J0000-J9999"; empty: any procedure (the mechanism's generic set).</summary>
    public IReadOnlyList<string> Procedures { get; init; } = [];

    /// <summary>When given, the line must carry one of these modifiers.</summary>
    public IReadOnlyList<string> Modifiers { get; init; } = [];

    /// <summary>When given, the claim must have a diagnosis starting with one of these (dots ignored).</summary>
    public IReadOnlyList<string> DiagnosisPrefixes { get; init; } = [];

    public IReadOnlyList<Criterion> Criteria { get; init; } = [];

    /// <summary>
    /// Codes whose presence on the same claim means the line can never be reported apart, whatever the documentation
    /// (a code whose descriptor includes this one), with the reason cited when that decides a line.
    /// </summary>
    public IReadOnlyList<string> InclusiveWith { get; init; } = [];

    public string? InclusiveReason { get; init; }

    /// <summary>How narrowly the set is aimed: procedures, then modifiers, then diagnoses make it more specific.</summary>
    internal int Specificity => (Procedures.Count > 0 ? 4 : 0) + (Modifiers.Count > 0 ? 2 : 0) + (DiagnosisPrefixes.Count > 0 ? 1 : 0);

    internal bool Matches(string? code, IReadOnlyCollection<string> modifiers, IReadOnlyCollection<string> diagnoses) =>
        (Procedures.Count == 0 || (code is not null && Procedures.Any(p => CodePattern.Matches(p, code))))
        && (Modifiers.Count == 0 || modifiers.Any(m => Modifiers.Contains(m, StringComparer.OrdinalIgnoreCase)))
        && (DiagnosisPrefixes.Count == 0 || diagnoses.Any(d => DiagnosisPrefixes.Any(p => ClaimFacts.NormalizeIcd(d).StartsWith(ClaimFacts.NormalizeIcd(p), StringComparison.Ordinal))));
}
