using FhirApp.Core.Claims;
using System.Globalization;

namespace FhirApp.Core.Scrubbing.Rules;

/// <summary>
/// Documentation sufficiency: what the payer needs to read in the claim's notes before it pays a line, and which
/// element is missing. Built in, with the standard as source: start and end times of 53+ minutes for 90837, a distinct
/// site or session for 59 / XS / XE, a separately identifiable problem for 25, systemic disease for P3 / P4. From the
/// payer's policy file: its own list per code (failed conservative therapy and its duration for injections and
/// imaging, for example), cited to its clause. Detection is literal (see <see cref="NoteEvidence"/>).
/// 90837 without times is a hold (the payer denies or downcodes it); the rest are reviews.
/// </summary>
public sealed class NoteDocumentationRule : IScrubRule
{
    private const string Psychotherapy60 = "90837";
    private const int Psychotherapy60Minutes = 53;

    public string Id => "documentation";

    public FindingCategory Category => FindingCategory.Documentation;

    public IEnumerable<ScrubFinding> Evaluate(ScrubInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var needs = input.Facts.Lines.SelectMany(line => Needs(input, line)).ToList();
        if (needs.Count == 0)
        {
            return [];
        }
        var (texts, unread) = NoteTextReader.Read(input.Context.Notes);
        var text = string.Join("\n\n", texts);
        var findings = new List<ScrubFinding>();
        foreach (var need in needs)
        {
            findings.AddRange(Check(need, text, texts.Count, unread, input.Facts.ServiceDate));
        }
        return findings;
    }

    /// <summary>One element a line needs, with the source that says so.</summary>
    private sealed record Need(ClaimLineFacts Line, string Billed, NoteElement Element, SourceCitation Source, string? Modifier = null);

    private static IEnumerable<Need> Needs(ScrubInput input, ClaimLineFacts line)
    {
        var policy = input.Policy;
        var payerNeeds = policy?.DocumentationRequired
            .Where(r => string.Equals(r.Code, line.Code, StringComparison.OrdinalIgnoreCase))
            .SelectMany(r => r.Elements.Select(e => (Element: e, Source: policy.Cite(r.Clause))))
            .ToList() ?? [];
        var billed = line.Code + string.Concat(line.Modifiers.Select(m => "-" + m));
        foreach (var (element, source) in payerNeeds)
        {
            yield return new Need(line, billed, element, source);
        }
        if (line.Code == Psychotherapy60 && !payerNeeds.Exists(n => n.Element == NoteElement.SessionTimes))
        {
            yield return new Need(line, billed, NoteElement.SessionTimes, StandardSources.PsychotherapyTime);
        }
        if (line.Modifiers.FirstOrDefault(m => m is "59" or "XS" or "XE") is { } distinct)
        {
            yield return new Need(line, billed, NoteElement.DistinctSiteOrSession, StandardSources.Modifier59, distinct);
        }
        if (line.Modifiers.Contains("25"))
        {
            yield return new Need(line, billed, NoteElement.SeparateProblem, StandardSources.Modifier25, "25");
        }
        if (line.Modifiers.FirstOrDefault(m => m is "P3" or "P4") is { } status)
        {
            yield return new Need(line, billed, NoteElement.Comorbidity, StandardSources.PhysicalStatus, status);
        }
    }

    private IEnumerable<ScrubFinding> Check(Need need, string text, int read, int unread, DateOnly? claimDate)
    {
        var date = (need.Line.ServiceDate ?? claimDate)?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "the date of service";
        var trigger = new List<string> { $"line {need.Line.Sequence} = {need.Billed}", $"notes read = {read}" };
        if (unread > 0)
        {
            trigger.Add($"notes not read (no inline text or PDF text) = {unread}");
        }
        var subject = read == 0 ? $"No readable note for {date} is linked to the claim, so nothing states" : $"The note for {date} does not state";

        switch (need.Element)
        {
            case NoteElement.SessionTimes:
                var times = read == 0 ? null : NoteEvidence.FindSessionTimes(text);
                if (times is null)
                {
                    yield return Finding("documentation.session-times", FindingSeverity.Hold, "CO-50", need, trigger,
                        $"{subject} the session's start and end times required for {need.Line.Code}. Ask the clinician for an addendum with the times.");
                }
                else if (need.Line.Code == Psychotherapy60 && times.Minutes < Psychotherapy60Minutes)
                {
                    trigger.Add($"session = {times.Start:HH\\:mm}–{times.End:HH\\:mm} ({times.Minutes} min)");
                    yield return Finding("documentation.session-too-short", FindingSeverity.Hold, "CO-50", need, trigger,
                        $"The note for {date} documents a {times.Minutes}-minute session; {need.Line.Code} needs {Psychotherapy60Minutes} minutes or more. Bill the code the documented time supports (90834 for 38–52 minutes), or correct the times by addendum.");
                }
                break;
            case NoteElement.DistinctSiteOrSession:
                if (read == 0 || !NoteEvidence.HasDistinctSiteOrSession(text))
                {
                    yield return Finding("documentation.distinct-service", FindingSeverity.Review, "CO-236", need, trigger,
                        $"{subject} a separate site, compartment, incision, lesion or session for {need.Billed}, which modifier {need.Modifier} requires. Remove the modifier or document what makes the service distinct.");
                }
                break;
            case NoteElement.SeparateProblem:
                if (read == 0 || !NoteEvidence.HasSeparateProblem(text))
                {
                    yield return Finding("documentation.separate-problem", FindingSeverity.Review, "CO-97", need, trigger,
                        $"{subject} a significant problem evaluated separately from the procedure, which modifier 25 on {need.Line.Code} requires. Document it, or bill the procedure without the E/M.");
                }
                break;
            case NoteElement.ConservativeTherapy:
                if (read == 0 || !NoteEvidence.HasFailedConservativeTherapy(text))
                {
                    yield return Finding("documentation.conservative-therapy", FindingSeverity.Review, "CO-50", need, trigger,
                        $"{subject} which conservative therapy was tried and failed before {need.Line.Code} (e.g. physical therapy, NSAIDs) or for how long. Ask the clinician to document both.");
                }
                else if (!NoteEvidence.HasConservativeTherapyDuration(text))
                {
                    yield return Finding("documentation.conservative-therapy-duration", FindingSeverity.Review, "CO-50", need, trigger,
                        $"The note for {date} names failed conservative therapy but not how long it was tried, which the payer needs for {need.Line.Code}. Ask the clinician to add the duration (e.g. 6 weeks of physical therapy).");
                }
                break;
            case NoteElement.Comorbidity:
                var asa = read == 0 ? null : NoteEvidence.AsaClass(text);
                var billedClass = need.Modifier is { Length: 2 } m ? m[1] - '0' : 0;
                if (read == 0 || !NoteEvidence.HasComorbidity(text))
                {
                    yield return Finding("documentation.physical-status", FindingSeverity.Review, "CO-4", need, trigger,
                        $"{subject} the systemic disease behind physical status {need.Modifier} (an ASA class, a comorbidity, or a value such as an A1c). Ask the anesthesiologist to document it, or bill the status the note supports.");
                }
                else if (asa is { } stated && stated < billedClass)
                {
                    trigger.Add($"ASA class in note = {stated}");
                    yield return Finding("documentation.physical-status", FindingSeverity.Review, "CO-4", need, trigger,
                        $"The note for {date} states ASA class {stated}, lower than the billed physical status {need.Modifier}. Bill P{stated} or document the higher class.");
                }
                break;
            default:
                break;
        }
    }

    private ScrubFinding Finding(string ruleId, FindingSeverity severity, string carc, Need need, List<string> trigger, string message) => new()
    {
        RuleId = ruleId,
        Category = Category,
        Severity = severity,
        PredictedCarc = carc,
        Message = message,
        Source = need.Source,
        Trigger = [.. trigger],
        LineSequence = need.Line.Sequence,
    };
}
