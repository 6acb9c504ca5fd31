namespace FhirApp.Core.Appeals;

/// <summary>A verbatim quote from a note that answers one criterion, with what a citation needs.</summary>
public sealed record EvidenceItem(string CriterionId, string Quote, string DocumentId, DateOnly? Date, string? Author);

/// <summary>One criterion of a set, with the quotes found for it (none: the criterion is missing from the chart).</summary>
public sealed record CriterionResult(Criterion Criterion, IReadOnlyList<EvidenceItem> Evidence)
{
    public bool Found => Evidence.Count > 0;
}

/// <summary>A criterion set that applies to the claim, the claim lines it applies to, and each criterion's result.</summary>
public sealed record CriterionSetResult(CriterionSet Set, IReadOnlyList<int> Lines, IReadOnlyList<CriterionResult> Criteria);

/// <summary>The evidence for a claim: per applicable set and criterion, what the notes show and what is missing.</summary>
public sealed record AppealEvidence(IReadOnlyList<CriterionSetResult> Sets, int NotesRead, int NotesUnread)
{
    /// <summary>Criteria with no evidence: what an addendum request to the clinician would ask about.</summary>
    public IReadOnlyList<(CriterionSet Set, Criterion Criterion)> Missing =>
        Sets.SelectMany(s => s.Criteria.Where(c => !c.Found).Select(c => (s.Set, c.Criterion))).ToList();
}
