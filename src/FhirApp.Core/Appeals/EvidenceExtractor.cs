using FhirApp.Core.Claims;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Rules;

namespace FhirApp.Core.Appeals;

/// <summary>
/// Finds, for each criterion that applies to a claim, sentences of its notes that answer it: BM25 ranks the sentences
/// for the criterion's query, and the criterion's literal check keeps only those that really say it.
/// </summary>
internal static class EvidenceExtractor
{
    // Enough candidates that the check, not the ranking, decides; a claim's notes are a few hundred sentences at most.
    private const int Candidates = 25;

    private const int QuotesPerCriterion = 3;

    public static AppealEvidence Extract(ClaimContext context, ClaimDetail detail, AppealContent content)
    {
        var summaries = detail.Notes.ToDictionary(n => n.Id, StringComparer.Ordinal);
        var notes = new List<NoteText>();
        var unread = 0;
        foreach (var note in context.Notes)
        {
            if (NoteTextReader.ReadOne(note) is { Length: > 0 } text)
            {
                var summary = summaries.GetValueOrDefault(note.Id ?? "");
                notes.Add(new NoteText(note.Id ?? "", summary?.Date, summary?.Author, text));
            }
            else
            {
                unread++;
            }
        }

        using var index = new NotePassageIndex(notes);
        var sets = ApplicableSets(detail, content)
            .Select(s => new CriterionSetResult(s.Set, s.Lines, s.Set.Criteria.Select(c => Answer(index, c)).ToList()))
            .ToList();
        return new AppealEvidence(sets, notes.Count, unread);
    }

    /// <summary>
    /// Sets whose procedure (and modifier, diagnosis) match a line. On a claim with denied lines, only the denied lines
    /// whose CARC the set answers: the letter argues what the payer decided, nothing else.
    /// </summary>
    internal static IEnumerable<(CriterionSet Set, IReadOnlyList<int> Lines)> ApplicableSets(ClaimDetail detail, AppealContent content)
    {
        var diagnoses = detail.Diagnoses.Select(d => ClaimFacts.NormalizeIcd(d.Code ?? "")).ToList();
        var anyDenied = detail.Lines.Any(l => l.Adjudication?.Denied == true);
        foreach (var set in content.Sets)
        {
            if (set.DiagnosisPrefixes.Count > 0 && !diagnoses.Any(d => set.DiagnosisPrefixes.Any(p => d.StartsWith(ClaimFacts.NormalizeIcd(p), StringComparison.Ordinal))))
            {
                continue;
            }

            var lines = detail.Lines
                .Where(l => l.Code is { } code && set.Procedures.Any(p => Matches(p, code)))
                .Where(l => set.Modifiers.Count == 0 || l.Modifiers.Any(m => set.Modifiers.Contains(m, StringComparer.OrdinalIgnoreCase)))
                .Where(l => !anyDenied || (l.Adjudication is { Denied: true } a
                    && (set.Carcs.Count == 0 || a.Reasons.Any(r => r.IsDenial && r.IsCarc && set.Carcs.Contains(r.Code, StringComparer.OrdinalIgnoreCase)))))
                .Select(l => l.Sequence)
                .ToList();
            if (lines.Count > 0)
            {
                yield return (set, lines);
            }
        }
    }

    private static CriterionResult Answer(NotePassageIndex index, Criterion criterion)
    {
        var found = new List<EvidenceItem>();
        foreach (var passage in index.Search(criterion.Query, Candidates))
        {
            // The sentence alone, else with the next one (a start time and an end time on two lines).
            var quote = EvidenceChecks.Passes(criterion.Check, passage.Sentence) ? passage.Sentence
                : passage.Next is { } next && !EvidenceChecks.Passes(criterion.Check, next)
                    && EvidenceChecks.Passes(criterion.Check, passage.Sentence + "\n" + next) ? passage.Sentence + " " + next
                : null;
            if (quote is null || found.Any(f => f.Quote.Contains(passage.Sentence, StringComparison.Ordinal)))
            {
                continue;
            }

            found.Add(new EvidenceItem(criterion.Id, quote, passage.Note.DocumentId, passage.Note.Date, passage.Note.Author));
            if (found.Count == QuotesPerCriterion)
            {
                break;
            }
        }

        return new CriterionResult(criterion, found);
    }

    private static bool Matches(string pattern, string code)
    {
        var dash = pattern.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return string.Equals(pattern, code, StringComparison.OrdinalIgnoreCase);
        }

        // A range of numeric codes of one length ("00100-01999").
        var (low, high) = (pattern[..dash], pattern[(dash + 1)..]);
        return code.Length == low.Length && code.All(char.IsAsciiDigit)
            && string.CompareOrdinal(code, low) >= 0 && string.CompareOrdinal(code, high) <= 0;
    }
}
