using FhirApp.Core.Documentation;

namespace FhirApp.Core.Appeals;

/// <summary>
/// What a criterion rests on: a verbatim quote of a note (<see cref="EvidenceKind.Quote"/>, source "DocumentReference/{id}"),
/// a coded fact of the claim, its coverage, its authorizations or the payer's rules (<see cref="EvidenceKind.Fact"/>,
/// source "Claim/{id}", "Coverage/{id}", "ClaimResponse/{id}"…, with a plain <see cref="Label"/>), or a figure computed
/// from a quote and a coded value (<see cref="EvidenceKind.Derived"/>: the units a documented dose gives).
/// </summary>
public sealed record EvidenceItem(string CriterionId, string Text, string Source, EvidenceKind Kind, DateOnly? Date = null, string? Author = null, string? Label = null)
{
    /// <summary>The note's id for a quote; null for a fact.</summary>
    public string? DocumentId => Source.StartsWith("DocumentReference/", StringComparison.Ordinal) ? Source["DocumentReference/".Length..] : null;
}

/// <summary>
/// One criterion, with what was found for it (none: the record does not show it), whether the record says the opposite
/// (<see cref="Contradiction"/>, in words), and the other fix the record points to (<see cref="Alternative"/>: the coverage
/// in force, an authorization whose number never reached the claim).
/// </summary>
public sealed record CriterionResult(Criterion Criterion, IReadOnlyList<EvidenceItem> Evidence, bool Contradicted = false, string? Contradiction = null, string? Alternative = null)
{
    public bool Found => Evidence.Count > 0;

    /// <summary>Met, or optional: it does not hold a letter back.</summary>
    public bool Satisfied => Found || Criterion.Optional;
}

/// <summary>A criterion set applied to one line, each criterion's result.</summary>
public sealed record CriterionSetResult(CriterionSet Set, IReadOnlyList<CriterionResult> Criteria)
{
    /// <summary>Every required criterion met.</summary>
    public bool Complete => Criteria.All(c => c.Satisfied);

    /// <summary>Required quote criteria the chart lacks: what an addendum request asks.</summary>
    public IReadOnlyList<Criterion> MissingQuotes => Criteria.Where(c => !c.Satisfied && c.Criterion.IsQuote && !c.Contradicted).Select(c => c.Criterion).ToList();

    /// <summary>Required fact criteria the record lacks (no addendum can supply a coded fact).</summary>
    public IReadOnlyList<CriterionResult> MissingFacts => Criteria.Where(c => !c.Satisfied && !c.Criterion.IsQuote).ToList();

    public int FoundCount => Criteria.Count(c => c.Found);
}

/// <summary>
/// The evidence for one denied line: its mechanism and set, and, for an authorization denial without an authorization on
/// file, the medical-necessity set a retro-authorization request argues (<see cref="Supporting"/>).
/// </summary>
public sealed record LineEvidence(int Line, string Code, AppealMechanism Mechanism, CriterionSetResult Primary, CriterionSetResult? Supporting = null)
{
    public IEnumerable<CriterionSetResult> Sets => Supporting is null ? [Primary] : [Primary, Supporting];
}

/// <summary>The evidence for a claim's denied lines, and how many notes were read.</summary>
public sealed record AppealEvidence(IReadOnlyList<LineEvidence> Lines, int NotesRead, int NotesUnread)
{
    /// <summary>Every line's required quote criteria the chart lacks: what addendum requests would ask about.</summary>
    public IReadOnlyList<(LineEvidence Line, Criterion Criterion)> Missing =>
        Lines.SelectMany(l => l.Sets.SelectMany(s => s.MissingQuotes).Select(c => (l, c))).ToList();
}
