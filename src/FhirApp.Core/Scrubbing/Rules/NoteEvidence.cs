using FhirApp.Core.Claims;
using System.Globalization;
using System.Text.RegularExpressions;
using FhirApp.Core.Scrubbing.Corrections;

namespace FhirApp.Core.Scrubbing.Rules;

/// <summary>
/// What the documentation checks look for in note text: explicit regular expressions and keyword lists, kept in this
/// one class so that a false positive can be traced to one pattern. Deliberately literal: a note must say it in words
/// a reviewer would accept (a payer's reviewer does not infer either). Negations within a few words before a phrase
/// ("no separate incision") cancel it. Tuned on fhir-fixtures/demo notes; see NoteEvidenceTests for the cases.
/// </summary>
internal static partial class NoteEvidence
{
    /// <summary>A session's start and end as stated in the note, and its length in minutes.</summary>
    internal sealed record SessionTimes(TimeOnly Start, TimeOnly End, int Minutes);

    /// <summary>Start and end times: a range ("10:02-10:58", "2:00 pm to 2:55 pm") or labelled ("Start time: 14:02 … End time: 15:00").</summary>
    public static SessionTimes? FindSessionTimes(string text)
    {
        var range = TimeRange().Match(text);
        if (range.Success && Times(range.Groups["s"].Value, range.Groups["e"].Value) is { } fromRange)
        {
            return fromRange;
        }
        var start = StartTime().Match(text);
        var end = EndTime().Match(text);
        return start.Success && end.Success ? Times(start.Groups["t"].Value, end.Groups["t"].Value) : null;
    }

    /// <summary>A different site, compartment, incision, lesion or session is named (modifiers 59, XS, XE).</summary>
    public static bool HasDistinctSiteOrSession(string text) => AnyNotNegated(DistinctSite(), text);

    /// <summary>The readable text of the claim's notes, joined (PDFs included); empty when none can be read.</summary>
    public static string TextOf(ScrubInput input) => string.Join("\n\n", NoteTextReader.Read(input.Context.Notes).Texts);

    /// <summary>
    /// The X modifier the note supports for a bundled line: XE when it names a separate session or encounter, XS when it
    /// names a separate site, structure or compartment; null when it names neither (then there is no safe fix).
    /// </summary>
    public static ClaimFix? DistinctModifierFix(ScrubInput input, ClaimLineFacts line)
    {
        var text = TextOf(input);
        if (!HasDistinctSiteOrSession(text))
        {
            return null;
        }
        var encounter = AnyNotNegated(DistinctEncounter(), text);
        return ClaimFix.AddModifier(line.Sequence, encounter ? "XE" : "XS",
            encounter ? "the note names a separate session or encounter" : "the note names a distinct site, structure or compartment");
    }

    /// <summary>A problem evaluated apart from the procedure is named (modifier 25).</summary>
    public static bool HasSeparateProblem(string text) => AnyNotNegated(SeparateProblem(), text);

    /// <summary>A sentence names a conservative therapy and that it failed.</summary>
    public static bool HasFailedConservativeTherapy(string text) =>
        Sentences(text).Any(s => AnyNotNegated(ConservativeTherapy(), s) && TherapyFailed().IsMatch(s));

    /// <summary>A sentence naming a conservative therapy also says how long it was tried ("6 weeks", "for four months").</summary>
    public static bool HasConservativeTherapyDuration(string text) =>
        Sentences(text).Any(s => ConservativeTherapy().IsMatch(s) && Duration().IsMatch(s));

    /// <summary>Systemic disease evidence: an ASA class of III or more, a comorbidity named, or a value such as an A1c.</summary>
    public static bool HasComorbidity(string text) =>
        AsaClass(text) is >= 3 || AnyNotNegated(Comorbidity(), text) || A1cValue().IsMatch(text);

    /// <summary>The ASA physical status class the note states (1–6), or null.</summary>
    public static int? AsaClass(string text)
    {
        var match = AsaStatement().Match(text);
        if (!match.Success)
        {
            return null;
        }
        return match.Groups["c"].Value.ToUpperInvariant() switch
        {
            "I" or "1" => 1,
            "II" or "2" => 2,
            "III" or "3" => 3,
            "IV" or "4" => 4,
            "V" or "5" => 5,
            "VI" or "6" => 6,
            _ => null,
        };
    }

    /// <summary>A symptom of the joint or problem is named (pain, swelling, stiffness, limited function).</summary>
    public static bool HasSymptom(string text) => AnyNotNegated(Symptom(), text);

    /// <summary>A sentence naming a symptom also says how long it has lasted ("pain now 8 months in duration").</summary>
    public static bool HasSymptomDuration(string text) =>
        Sentences(text).Any(s => Symptom().IsMatch(s) && Duration().IsMatch(s));

    /// <summary>A sentence names an imaging study and a finding on it (joint space narrowing, a Kellgren-Lawrence grade…).</summary>
    public static bool HasImagingFinding(string text) =>
        Sentences(text).Any(s => ImagingStudy().IsMatch(s) && AnyNotNegated(ImagingFinding(), s));

    /// <summary>A psychotherapy intervention done in the session is named (CBT, cognitive restructuring…).</summary>
    public static bool HasSessionContent(string text) => AnyNotNegated(PsychotherapyIntervention(), text);

    /// <summary>Work done for a problem is named (history, exam, management, a medication or result reviewed, advice).</summary>
    public static bool HasManagementWork(string text) => AnyNotNegated(ManagementWork(), text);

    /// <summary>A measured value backing a comorbidity: an A1c, an eGFR or a glucose with its number.</summary>
    public static bool HasComorbidityValue(string text) => A1cValue().IsMatch(text) || LabValue().IsMatch(text);

    /// <summary>The note split into sentences and lines, as the checks above read it.</summary>
    internal static IEnumerable<string> Sentences(string text) => SentenceBreak().Split(text).Where(s => s.Length > 0);

    private static SessionTimes? Times(string start, string end)
    {
        if (ParseTime(start) is not { } s || ParseTime(end) is not { } e)
        {
            return null;
        }
        var minutes = (int)(e.ToTimeSpan() - s.ToTimeSpan()).TotalMinutes;
        if (minutes <= 0 && !HasMeridiem(end))
        {
            // "12:30-1:25" without am/pm: the end is in the afternoon.
            minutes += 12 * 60;
        }
        // A pair of clock times more than five hours apart is a note's timestamps, not a session.
        return minutes is > 0 and <= 300 ? new SessionTimes(s, e, minutes) : null;
    }

    private static TimeOnly? ParseTime(string value)
    {
        var match = Clock().Match(value);
        if (!match.Success)
        {
            return null;
        }
        var hour = int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture);
        var minute = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
        var meridiem = match.Groups["ap"].Value.Replace(".", "", StringComparison.Ordinal).ToUpperInvariant();
        if (meridiem == "PM" && hour < 12)
        {
            hour += 12;
        }
        else if (meridiem == "AM" && hour == 12)
        {
            hour = 0;
        }
        return hour is >= 0 and < 24 && minute is >= 0 and < 60 ? new TimeOnly(hour, minute) : null;
    }

    private static bool HasMeridiem(string value) => Clock().Match(value).Groups["ap"].Success;

    private static bool AnyNotNegated(Regex pattern, string text)
    {
        foreach (Match match in pattern.Matches(text))
        {
            // Only the words just before the phrase, in the same sentence.
            var before = text[Math.Max(0, match.Index - 25)..match.Index];
            before = before[(before.LastIndexOfAny(['.', '\n']) + 1)..];
            if (!Negation().IsMatch(before))
            {
                return true;
            }
        }
        return false;
    }

    private const string TimePattern = @"\d{1,2}:\d{2}(?:\s*[ap]\.?\s?m\.?)?";

    [GeneratedRegex(@"(?<h>\d{1,2}):(?<m>\d{2})(?:\s*(?<ap>[ap]\.?\s?m\.?))?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Clock();

    [GeneratedRegex(@"(?<![\d:])(?<s>" + TimePattern + @")\s*(?:-|–|—|to|until)\s*(?<e>" + TimePattern + ")", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TimeRange();

    [GeneratedRegex(@"\b(?:start(?:ed)?|began|begin|time\s+in)(?:\s+time)?\s*(?:at|:)?\s*(?<t>" + TimePattern + ")", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StartTime();

    [GeneratedRegex(@"\b(?:end(?:ed)?|stop(?:ped)?|finish(?:ed)?|time\s+out)(?:\s+time)?\s*(?:at|:)?\s*(?<t>" + TimePattern + ")", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EndTime();

    [GeneratedRegex(@"\b(?:no|not|without|denies|denied)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Negation();

    // Split on sentence ends and line breaks, not on ";": notes join a therapy and its outcome with semicolons. Not after a
    // list number either ("Assessment: 1. Primary osteoarthritis..."): "Assessment: 1." alone is no quote.
    [GeneratedRegex(@"(?<=[.!?])(?<!(?:^|\s)\d{1,2}\.)\s+|\n+", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceBreak();

    [GeneratedRegex(
        @"\b(?:separate|different|distinct|another)\s+(?:anatomic(?:al)?\s+)?(?:site|incision|lesion|session|encounter|compartment|organ(?:\s+system)?|structure|injury|area|body\s+part|joint|limb|extremity|digit)s?\b|\bcontralateral\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DistinctSite();

    [GeneratedRegex(@"\b(?:separate|different|distinct|another)\s+(?:session|encounter)s?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DistinctEncounter();

    [GeneratedRegex(
        @"\bseparately\s+identifiable\b|\bseparate\s+(?:and\s+distinct\s+)?(?:problem|issue|complaint|condition|evaluation|e/?m)\b|\bunrelated\s+(?:problem|issue|complaint|condition)\b|\b(?:also|additionally)\s+(?:evaluated|addressed|assessed|managed)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SeparateProblem();

    [GeneratedRegex(
        @"\b(?:physical\s+therapy|(?-i:PT)|occupational\s+therapy|home\s+exercises?|exercise\s+program|NSAIDs?|naproxen|ibuprofen|meloxicam|diclofenac|celecoxib|acetaminophen|brac(?:e|ing)|activity\s+modification|chiropractic|conservative\s+(?:care|therapy|treatment|management))\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ConservativeTherapy();

    [GeneratedRegex(
        @"\b(?:fail(?:ed|ure)?|not\s+improved|no\s+improvement|without\s+(?:improvement|relief)|did\s+not\s+(?:improve|help|respond)|despite|partial\s+relief|inadequate|refractory|unsuccessful|persistent)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TherapyFailed();

    [GeneratedRegex(
        @"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[\s-]*(?:days?|weeks?|wks?|months?|mos?)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Duration();

    [GeneratedRegex(@"\bASA(?:\s+physical\s+status)?(?:\s+class)?\s*(?:[:\-]\s*)?(?<c>VI|IV|V|III|II|I|[1-6])\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AsaStatement();

    [GeneratedRegex(@"\b(?:hemoglobin\s+|hb\s*)?a1c\b[^.\n%]{0,20}?\d{1,2}(?:\.\d)?\s*%", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex A1cValue();

    [GeneratedRegex(
        @"\b(?:diabetes|diabetic|chronic\s+kidney\s+disease|CKD|end-stage\s+renal|dialysis|COPD|heart\s+failure|CHF|coronary\s+artery\s+disease|CAD|cardiomyopathy|morbid(?:ly)?\s+obes\w*|cirrhosis|pulmonary\s+hypertension|prior\s+(?:MI|myocardial\s+infarction|stroke))\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Comorbidity();

    [GeneratedRegex(
        @"\b(?:pain(?:ful)?|swelling|effusion|stiffness|tenderness|crepitus|instability|locking|limp(?:ing)?|antalgic|limit(?:s|ed|ing)\s+(?:walking|activit\w*|function))\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Symptom();

    [GeneratedRegex(@"\b(?:x-?rays?|radiographs?|radiographic|MRI|CT\s+scan|ultrasound|imaging)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ImagingStudy();

    [GeneratedRegex(
        @"\b(?:joint\s+space\s+narrowing|osteophytes?|subchondral\s+(?:sclerosis|cysts?)|Kellgren[-\s]+Lawrence\s+grade\s+[1-4I]+|KL\s+grade\s+[1-4]|chondral\s+(?:loss|change|defect)|(?:meniscal|meniscus)\s+tear|effusion)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ImagingFinding();

    [GeneratedRegex(
        @"\b(?:cognitive\s+behavio(?:u)?ral\s+therapy|CBT|DBT|cognitive\s+restructuring|behavio(?:u)?ral\s+activation|exposure\s+therapy|motivational\s+interviewing|psychoeducation|thought\s+record|relaxation\s+training|problem[-\s]solving\s+therapy|interpersonal\s+therapy|safety\s+plan)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PsychotherapyIntervention();

    [GeneratedRegex(
        @"\b(?:history|exam(?:ination)?|management|medication\s+review|(?:log|results?|labs?|medications?)\s+reviewed|reviewed|advised|prescribed|adjusted|ordered|counsel(?:l?ed|l?ing))\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ManagementWork();

    [GeneratedRegex(@"\b(?:eGFR\s*(?:of\s*)?\d{1,3}|(?:fasting\s+)?glucose\s*(?:of\s*)?\d{2,3}\s*mg/dL)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LabValue();
}
