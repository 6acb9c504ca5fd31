using System.Globalization;
using System.Text.RegularExpressions;
using FhirApp.Core.Scrubbing.Rules;

namespace FhirApp.Core.Appeals;

/// <summary>
/// The literal patterns the appeal checks add to <see cref="NoteEvidence"/>'s (which the scrubber shares): physical
/// therapy, cardiology, anesthesia time, doses and counts, E/M assessments, interactive complexity. Like NoteEvidence,
/// deliberately literal: a payer's reviewer reads words, not inferences; a negation just before a phrase cancels it.
/// Each check reads one sentence (or a sentence and the next): retrieval ranks sentences, a check decides.
/// </summary>
internal static partial class ChartPatterns
{
    /// <summary>An amount of a drug given: "triamcinolone 40 mg injected", "Kenalog 40 mg/mL, 1 mL administered".</summary>
    public static bool HasDose(string text) => Doses(text).Count > 0;

    /// <summary>The drug amounts a sentence states as given (amount, unit), when it also says the drug was given.</summary>
    public static IReadOnlyList<(decimal Amount, string Unit)> Doses(string text)
    {
        if (!Administered().IsMatch(text) || Negated(Administered(), text))
        {
            return [];
        }

        var found = new List<(decimal, string)>();
        foreach (Match m in Amount().Matches(text))
        {
            // "40 mg/mL" is a concentration, not an amount given.
            if (text.AsSpan(m.Index + m.Length).TrimStart().StartsWith("/"))
            {
                continue;
            }

            found.Add((decimal.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture), NormalizeUnit(m.Groups["u"].Value)));
        }

        return found;
    }

    /// <summary>Timed therapy minutes: a stated total ("Total timed minutes: 38"), else the sum of "97110 therapeutic exercise 23 minutes"-style entries.</summary>
    public static int? TimedMinutes(string text)
    {
        if (TotalTimed().Match(text) is { Success: true } total)
        {
            return int.Parse(total.Groups["n"].Value, CultureInfo.InvariantCulture);
        }

        var sum = 0;
        foreach (Match m in TimedEntry().Matches(text))
        {
            sum += int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
        }

        return sum > 0 ? sum : null;
    }

    public static bool HasTimedMinutes(string text) => TimedMinutes(text) is > 0;

    /// <summary>Anesthesia start and end in one passage ("Anesthesia start 07:30 ... anesthesia end 09:06"), and its minutes.</summary>
    public static int? AnesthesiaMinutes(string text) =>
        Anesthesia().IsMatch(text) && NoteEvidence.FindSessionTimes(text) is { } times ? times.Minutes : null;

    public static bool HasAnesthesiaTime(string text) => AnesthesiaMinutes(text) is > 0;

    /// <summary>Session minutes from start and end times (psychotherapy).</summary>
    public static int? SessionMinutes(string text) => NoteEvidence.FindSessionTimes(text)?.Minutes;

    public static bool HasAsaStatus(string text) => NoteEvidence.AsaClass(text) is not null;

    public static bool HasPlanOfCare(string text) => AnyNotNegated(PlanOfCare(), text);

    public static bool HasFunctionalGoal(string text) => Goal().IsMatch(text) && FunctionWords().IsMatch(text);

    public static bool HasMeasuredProgress(string text) =>
        (ProgressWord().IsMatch(text) && Measure().IsMatch(text)) || NamedScore().IsMatch(text);

    public static bool HasSkilledIntervention(string text) => AnyNotNegated(SkilledIntervention(), text);

    public static bool HasMechanicalSymptoms(string text) => AnyNotNegated(Mechanical(), text);

    public static bool HasCardiacIndication(string text) => AnyNotNegated(CardiacIndication(), text);

    public static bool HasChangeInStatus(string text) => AnyNotNegated(ChangeInStatus(), text);

    public static bool HasCardiacTestResult(string text) => CardiacTestResult().IsMatch(text);

    public static bool HasFailedMedicalTherapy(string text) => FailedMedicalTherapy().IsMatch(text);

    public static bool HasInteractiveComplexity(string text) => AnyNotNegated(InteractiveComplexity(), text);

    /// <summary>An assessment or presenting problem is stated ("Assessment: …", "presents with …", "evaluated for …").</summary>
    public static bool HasProblemAssessed(string text) => AnyNotNegated(ProblemAssessed(), text);

    /// <summary>Any stated reason for care: a symptom, an assessed problem, or a cardiac sign.</summary>
    public static bool HasIndication(string text) =>
        NoteEvidence.HasSymptom(text) || HasProblemAssessed(text) || HasCardiacIndication(text);

    /// <summary>A count of treated items ("3 trigger points injected", "two levels").</summary>
    public static int? Quantity(string text) =>
        Count().Match(text) is { Success: true } m ? NumberWord(m.Groups["n"].Value) : null;

    public static bool HasQuantity(string text) => Quantity(text) is > 0;

    /// <summary>The note places the procedures in the same compartment, site or session: the opposite of a distinct procedure.</summary>
    public static bool SaysSameSite(string text) => AnyNotNegated(SameSite(), text);

    private static int? NumberWord(string value) => value.ToLowerInvariant() switch
    {
        "one" => 1, "two" => 2, "three" => 3, "four" => 4, "five" => 5, "six" => 6,
        _ => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null,
    };

    private static string NormalizeUnit(string unit) => unit.ToLowerInvariant() switch
    {
        "ml" or "cc" => "mL",
        "mcg" or "µg" or "ug" => "mcg",
        "unit" or "units" or "iu" => "units",
        "g" => "g",
        _ => "mg",
    };

    private static bool AnyNotNegated(Regex pattern, string text)
    {
        foreach (Match match in pattern.Matches(text))
        {
            var before = text[Math.Max(0, match.Index - 25)..match.Index];
            before = before[(before.LastIndexOfAny(['.', '\n']) + 1)..];
            if (!Negation().IsMatch(before))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Negated(Regex pattern, string text) => !AnyNotNegated(pattern, text);

    [GeneratedRegex(@"\b(?:no|not|without|denies|denied|declined)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Negation();

    [GeneratedRegex(@"\b(?:inject(?:ed|ion)?|administered|given|infused|instilled|dose)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Administered();

    [GeneratedRegex(@"(?<![\d.])(?<n>\d{1,4}(?:\.\d{1,3})?)\s*(?<u>mg|mcg|µg|ug|mL|ml|cc|units?|IU|g)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Amount();

    [GeneratedRegex(@"\btotal\s+(?:timed\s+)?(?:code\s+)?(?:treatment\s+)?(?:timed\s+)?minutes?\s*(?:[:=]|of|was|were)?\s*(?<n>\d{1,3})\b|\btotal\s+timed\s+(?:treatment\s+)?time\s*[:=]?\s*(?<n>\d{1,3})\s*min", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TotalTimed();

    [GeneratedRegex(@"\b(?:therapeutic\s+exercises?|therapeutic\s+activit(?:y|ies)|neuromuscular\s+re-?education|manual\s+therapy|gait\s+training|self[-\s]care\s+training|ultrasound|iontophoresis)\b[^.\n]{0,30}?\b(?<n>\d{1,3})\s*(?:minutes|mins?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TimedEntry();

    [GeneratedRegex(@"\banesthe(?:sia|tic)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Anesthesia();

    [GeneratedRegex(@"\b(?:plan\s+of\s+care|POC)\b[^.\n]{0,60}\b(?:certif\w*|signed|established|updated|reviewed|approved)\b|\b(?:certif\w*|signed|established|updated)\b[^.\n]{0,40}\bplan\s+of\s+care\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PlanOfCare();

    [GeneratedRegex(@"\bgoals?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Goal();

    [GeneratedRegex(@"\b(?:walk\w*|stairs?|lift\w*|return\s+to|independen\w*|ADLs?|function\w*|feet|reach\w*|stand\w*|sleep|work)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FunctionWords();

    [GeneratedRegex(@"\b(?:improv\w*|progress\w*|increased|decreased|gained|now)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ProgressWord();

    [GeneratedRegex(@"\b\d{1,3}\s*(?:degrees|°|/5|/10|points?|feet|ft|%|seconds|minutes)|°", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Measure();

    [GeneratedRegex(@"\b(?:LEFS|Oswestry|ODI|NDI|QuickDASH|DASH|PHQ-9|GAD-7|TUG|Berg|KOOS|FOTO)\b[^.\n]{0,30}\d", RegexOptions.CultureInvariant)]
    private static partial Regex NamedScore();

    [GeneratedRegex(@"\b(?:skilled|therapeutic\s+exercises?|therapeutic\s+activit(?:y|ies)|neuromuscular\s+re-?education|manual\s+therapy|joint\s+mobili[sz]ation|gait\s+training|soft\s+tissue\s+mobili[sz]ation|balance\s+training)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SkilledIntervention();

    [GeneratedRegex(@"\b(?:locking|catching|giving\s+way|gives\s+way|buckling|mechanical\s+symptoms?|instability)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Mechanical();

    [GeneratedRegex(@"\b(?:chest\s+(?:pain|pressure|tightness)|angina|dyspnea|shortness\s+of\s+breath|syncope|presyncope|palpitations|(?:systolic|diastolic)?\s*murmur|orthopnea|edema|heart\s+failure|reduced\s+ejection\s+fraction|exertional\s+(?:symptoms|dyspnea))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CardiacIndication();

    [GeneratedRegex(@"\b(?:worsen\w*|new[-\s]onset|new\s+(?:symptoms?|murmur)|increasing|progressive|decompensat\w*|change\s+in\s+(?:symptoms|clinical\s+status|status)|since\s+(?:the|her|his|their)\s+(?:last|prior|previous)\s+(?:echo\w*|study|test))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ChangeInStatus();

    [GeneratedRegex(@"\b(?:stress\s+test\w*\b[^.\n]{0,40}\b(?:positive|abnormal|ischemi\w*)|(?:positive|abnormal)\s+(?:nuclear\s+|exercise\s+)?stress\s+test|perfusion\s+defect|reversible\s+(?:defect|ischemia)|ST[-\s]segment\s+depression|ST\s+depression|troponin\s+(?:of\s+)?\d|(?:ejection\s+fraction|LVEF|EF)\s*(?:of\s*)?\d{1,2}\s*%|coronary\s+calcium\s+score\s*(?:of\s*)?\d)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CardiacTestResult();

    [GeneratedRegex(@"\bdespite\s+(?:maximal|optimal|maximally\s+tolerated|guideline[-\s]directed)?\s*(?:medical\s+therapy|beta[-\s]?blockers?|nitrates?|calcium\s+channel\s+blockers?|ranolazine|metoprolol|isosorbide|amlodipine)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FailedMedicalTherapy();

    [GeneratedRegex(@"\b(?:interpreter|translator|caregiver[^.\n]{0,30}(?:interfer\w*|present|involved)|third\s+part(?:y|ies)|sentinel\s+event|play\s+(?:equipment|therapy)|maladaptive\s+communication)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InteractiveComplexity();

    [GeneratedRegex(@"\b(?:assessment|impression|presents?\s+(?:with|for)|complain\w*\s+of|chief\s+complaint|evaluated\s+for|seen\s+for|reason\s+for\s+visit|diagnosed\s+with)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ProblemAssessed();

    [GeneratedRegex(@"\b(?<n>\d{1,2}|one|two|three|four|five|six)\s+(?:separate\s+)?(?:injections?|lesions?|sites?|levels?|joints?|nerves?|trigger\s+points?|wounds?|units?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Count();

    [GeneratedRegex(@"\bsame\s+(?:\w+\s+)?(?:compartment|site|incision|lesion|session|encounter)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SameSite();
}
