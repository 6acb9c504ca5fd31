using System.Globalization;
using FhirApp.Core.Claims;
using FhirApp.Core.Denials;
using FhirApp.Core.Documentation;

namespace FhirApp.Core.Appeals;

/// <summary>
/// Finds, for each denied line, what its mechanism's criteria need: quotes of the claim's notes (BM25 ranks the sentences
/// for a criterion's query, the criterion's literal check keeps only those that really say it) and coded facts
/// (<see cref="AppealFacts"/>). One sentence is used for one criterion: a later criterion takes the best sentence not yet
/// used anywhere in the letter, and shares one only when no other sentence shows it (the letter then prints it once).
/// </summary>
internal static class EvidenceExtractor
{
    // Enough candidates that the check, not the ranking, decides; a claim's notes are a few hundred sentences at most.
    private const int Candidates = 25;

    private const int QuotesPerCriterion = 2;

    public static AppealEvidence Extract(ClaimContext context, ClaimDetail detail, IReadOnlyList<DetectedDenial> denials, AppealFacts facts, AppealContent content)
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
        var used = new HashSet<string>(StringComparer.Ordinal);
        var lines = new List<LineEvidence>();
        foreach (var denial in denials.Where(d => d.Kind == DenialKind.Denial))
        {
            var line = LineOf(detail, denial);
            var mechanism = DenialMechanisms.Of(denial, line);
            if (line is null || !DenialMechanisms.IsArgued(mechanism))
            {
                continue;
            }

            var diagnoses = line.DiagnosisCodes.Count > 0 ? line.DiagnosisCodes : detail.Summary.DiagnosisCodes;
            var set = content.SetFor(mechanism, line.Code, line.Modifiers, diagnoses);
            if (set is null)
            {
                continue; // the content loader guarantees a generic set for every argued mechanism
            }

            var primary = Answer(set, line, mechanism, index, facts, content, used);
            CriterionSetResult? supporting = null;
            if (mechanism == AppealMechanism.Authorization && !primary.Complete
                && content.SetFor(AppealMechanism.MedicalNecessity, line.Code, line.Modifiers, diagnoses) is { } necessity)
            {
                // No authorization covers the service: a retro-authorization request argues its medical necessity.
                supporting = Answer(necessity, line, AppealMechanism.MedicalNecessity, index, facts, content, used);
            }

            lines.Add(new LineEvidence(denial.Line, line.Code ?? "", mechanism, primary, supporting));
        }

        return new AppealEvidence(lines, notes.Count, unread);
    }

    /// <summary>The claim line a denial is about; a claim-level denial (line 0) is read on the claim's first line.</summary>
    public static ClaimLineDetail? LineOf(ClaimDetail detail, DetectedDenial denial) =>
        denial.Line == 0 ? (detail.Lines.Count > 0 ? detail.Lines[0] : null) : detail.Lines.FirstOrDefault(l => l.Sequence == denial.Line);

    private static CriterionSetResult Answer(CriterionSet set, ClaimLineDetail line, AppealMechanism mechanism, NotePassageIndex index, AppealFacts facts, AppealContent content, HashSet<string> used)
    {
        var results = new List<CriterionResult>();
        foreach (var criterion in set.Criteria)
        {
            if (criterion.Fact is { } fact)
            {
                var result = facts.For(fact, line, mechanism);
                results.Add(new CriterionResult(criterion, result.Items, result.AgainstReason is not null, result.AgainstReason, result.Alternative));
                continue;
            }

            results.Add(Quote(criterion, line, index, content, used));
        }

        return new CriterionSetResult(set, results);
    }

    private static CriterionResult Quote(Criterion criterion, ClaimLineDetail line, NotePassageIndex index, AppealContent content, HashSet<string> used)
    {
        var check = criterion.Check!;
        var candidates = new List<(NotePassage Passage, string Quote)>();
        string? contradiction = null;
        foreach (var passage in index.Search(criterion.Query!, Candidates))
        {
            if (contradiction is null && EvidenceChecks.Contradicts(check, passage.Sentence))
            {
                contradiction = passage.Sentence;
            }

            // The sentence alone, else with the next one (a start time and an end time on two lines).
            var quote = EvidenceChecks.Passes(check, passage.Sentence) ? passage.Sentence
                : passage.Next is { } next && !EvidenceChecks.Passes(check, next)
                    && EvidenceChecks.Passes(check, passage.Sentence + "\n" + next) ? passage.Sentence + " " + next
                : null;
            if (quote is not null && !candidates.Any(c => c.Quote.Contains(passage.Sentence, StringComparison.Ordinal)))
            {
                candidates.Add((passage, quote));
            }
        }

        // Unused sentences first; a used one only when nothing else shows the criterion.
        var chosen = candidates.Where(c => !used.Contains(Key(c.Passage.Note.DocumentId, c.Quote))).Take(QuotesPerCriterion).ToList();
        if (chosen.Count == 0 && candidates.Count > 0)
        {
            chosen.Add(candidates[0]);
        }

        var items = new List<EvidenceItem>();
        foreach (var (passage, quote) in chosen)
        {
            used.Add(Key(passage.Note.DocumentId, quote));
            items.Add(new EvidenceItem(criterion.Id, quote, "DocumentReference/" + passage.Note.DocumentId, EvidenceKind.Quote, passage.Note.Date, passage.Note.Author));
        }

        var contradicted = items.Count == 0 && contradiction is not null;
        if (items.Count > 0 && UnitsFrom(check, items, line, content) is { } derived)
        {
            // The units the documented dose, time or session gives, next to the units billed.
            items.Add(derived.Item);
            if (derived.Units < (line.Units ?? 1))
            {
                return new CriterionResult(criterion, items, Contradicted: true,
                    Contradiction: string.Create(CultureInfo.InvariantCulture, $"the note supports {derived.Units:0.##} unit(s) of {line.Code}, not the {line.Units ?? 1:0.##} billed"));
            }
        }

        return new CriterionResult(criterion, items, contradicted, contradicted ? $"the note says otherwise: \u201c{contradiction}\u201d" : null);
    }

    /// <summary>For a units criterion: what the quoted dose, minutes or session give, as a verifiable derived statement.</summary>
    private static (EvidenceItem Item, decimal Units)? UnitsFrom(string check, List<EvidenceItem> quotes, ClaimLineDetail line, AppealContent content)
    {
        if (content.UnitRuleFor(line.Code) is not { } rule || line.Code is not { } code)
        {
            return null;
        }

        var quote = quotes[0];
        var derived = (check, rule.Kind) switch
        {
            ("dose", UnitKind.Dose) => ChartPatterns.Doses(quote.Text).FirstOrDefault(d => string.Equals(d.Unit, rule.Unit, StringComparison.OrdinalIgnoreCase)) is { Amount: > 0 } dose
                ? DerivedUnits.Dose(dose.Amount, rule.Unit!, rule.Per ?? 1) : null,
            ("timed-minutes", UnitKind.Timed15) => ChartPatterns.TimedMinutes(quote.Text) is { } minutes ? DerivedUnits.Timed15(minutes) : null,
            ("anesthesia-time", UnitKind.Minutes) => ChartPatterns.AnesthesiaMinutes(quote.Text) is { } minutes ? DerivedUnits.Minutes(minutes) : null,
            ("session-times", UnitKind.Session) => ChartPatterns.SessionMinutes(quote.Text) is { } minutes ? DerivedUnits.Session(minutes) : null,
            _ => null,
        };
        return derived is null
            ? null
            : (new EvidenceItem(quote.CriterionId, derived.Text, derived.Source(quote.Source), EvidenceKind.Derived, Label: $"{code}: {rule.Source}"), derived.Units);
    }

    private static string Key(string document, string quote) => document + "\u0001" + quote;
}
