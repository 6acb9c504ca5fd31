using System.Globalization;
using FhirApp.Core.Claims;
using FhirApp.Core.Scrubbing.Rules;

namespace FhirApp.Core.Scrubbing.Learned;

/// <summary>
/// Turns a learned rule book into findings for one claim, in the same shape as every other finding: a hold or a
/// review from the rule's confidence, the CARC the payer used, a message in plain words, the source "learned from N
/// adjudications, first to last date" and the claim data that matched. A payer with no policy file and too little
/// history gets conservative defaults that say so: a review past <see cref="MiningThresholds.DefaultFilingReviewDays"/>
/// days when no filing limit is known, and a review where other payers of the practice learned an auth or referring
/// requirement for the code. Built once per book (its index), then thread-safe.
/// </summary>
internal sealed class LearnedRuleScrubber(LearnedRuleBook book, PayerDirectory? directory = null)
{
    private const string Prefix = "learned.";

    private readonly LearnedRuleIndex _index = new(book, directory);

    public LearnedRuleBook Book => book;

    /// <summary>The finding rule id family of a shape: "learned.auth-required".</summary>
    public static string RuleIdOf(LearnedShape shape) => Prefix + Kebab(shape);

    public IEnumerable<ScrubFinding> Evaluate(ScrubInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (book.IsEmpty || ClaimFeatureReader.Read(input.Context, payers: directory) is not { } claim)
        {
            return [];
        }

        var findings = new List<ScrubFinding>();
        var rules = _index.RulesFor(claim.PayerKey);
        foreach (var rule in rules)
        {
            if (rule.InEffectOn(claim.ServiceDate))
            {
                findings.AddRange(Evaluate(rule, claim, input));
            }
        }

        findings.AddRange(Defaults(claim, rules, input));
        return findings;
    }

    /// <summary>
    /// A shipped hold the payer's history shows it does not enforce (it paid most of the claims the rule held) becomes a
    /// review that says so; every other finding is returned as is.
    /// </summary>
    public ScrubFinding Calibrate(ScrubFinding finding, ScrubInput input)
    {
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(input);
        if (finding.Severity != FindingSeverity.Hold
            || _index.PayerFor((directory ?? PayerDirectory.Empty).KeyOf(input.Facts.Payer)) is not { } payer
            || payer.ShippedRules.FirstOrDefault(r => r.RuleId == finding.RuleId && !r.Enforced) is not { } evidence)
        {
            return finding;
        }

        var paid = evidence.Held - evidence.Denied;
        return finding with
        {
            Severity = FindingSeverity.Review,
            Message = finding.Message + string.Create(CultureInfo.InvariantCulture, $" (A review, not a hold: {payer.PayerName} paid {paid} of the {evidence.Held} claims this check would have held.)"),
            Trigger = [.. finding.Trigger, string.Create(CultureInfo.InvariantCulture, $"learned: {payer.PayerName} paid {paid} of {evidence.Held} claims this rule held (rule book {book.Version})")],
        };
    }

    private IEnumerable<ScrubFinding> Evaluate(LearnedRule rule, ClaimFeatures claim, ScrubInput input)
    {
        var p = rule.Parameters;
        var payer = rule.PayerName;
        var reason = Reasons(rule);
        var of = string.Create(CultureInfo.InvariantCulture, $"{rule.Denied} of {rule.Support} {rule.Unit}");
        switch (rule.Shape)
        {
            case LearnedShape.FilingLimit when p.Days is { } paidUpTo:
            {
                var lag = input.Today.DayNumber - claim.ServiceDate.DayNumber;
                if (lag <= paidUpTo)
                {
                    yield break;
                }

                var firm = p.DaysDenied is not { } deniedFrom || lag >= deniedFrom;
                yield return Finding(rule, null, firm ? rule.Severity : FindingSeverity.Review,
                    firm
                        ? $"{payer} denied {of} submitted more than {paidUpTo} days after the date of service{reason}; {lag} days have passed since {claim.ServiceDate:yyyy-MM-dd}. Submit it now with proof of timely filing, or confirm the payer's limit."
                        : $"{payer} paid claims up to {paidUpTo} days after the date of service and denied them from {p.DaysDenied} days on{reason}; {lag} days have passed since {claim.ServiceDate:yyyy-MM-dd}. Submit it today.",
                    [$"date of service = {claim.ServiceDate:yyyy-MM-dd}", $"days since the date of service = {lag}", $"longest lag paid = {paidUpTo} days"],
                    paidUpTo - lag);
                break;
            }

            case LearnedShape.MemberIdFormat when p.Shapes is { Count: > 0 } shapes && claim.MemberIdShape is { } shape && !shapes.Contains(shape):
                yield return Finding(rule, null, rule.Severity,
                    $"The member id does not look like the ids {payer} accepts ({Describe(shapes)}); the payer denied {of} with ids like it{reason}. Check the id against the insurance card or the eligibility response.",
                    [$"member id = {shape.Length} characters, not in an accepted format"]);
                break;

            case LearnedShape.CoverageLapse when p.Months is { } months && !claim.CoverageEnded && claim.MonthsSinceCoverageStart is { } age && age >= months:
                yield return Finding(rule, null, rule.Severity,
                    $"{payer}'s eligibility denials rise after {months} months of coverage ({of}{reason}); this coverage started {age} months before the date of service. Re-verify eligibility before submitting.",
                    [$"coverage start = {claim.CoverageStart:yyyy-MM-dd}", $"months of coverage = {age}"]);
                break;

            case LearnedShape.CoverageLapse when p.AfterEligibilityDenial == true && claim.CoverageKey is { } coverage:
            {
                var denied = ClaimFeatureReader.EarlierDenialsOnCoverage(input.Context, coverage, claim.Submitted)
                    .FirstOrDefault(reasons => reasons.Any(r => rule.Carcs.Contains(r, StringComparer.OrdinalIgnoreCase)));
                if (denied is not null)
                {
                    yield return Finding(rule, null, rule.Severity,
                        $"{payer} already denied an earlier claim on this coverage for eligibility ({string.Join(", ", denied)}), and denied {of} billed on such a coverage afterwards. Re-verify eligibility and bill the coverage in force, or the patient.",
                        [$"earlier eligibility denial on this coverage = {string.Join(", ", denied)}"]);
                }

                break;
            }

            default:
                foreach (var finding in EvaluateLines(rule, claim, of, reason))
                {
                    yield return finding;
                }

                break;
        }
    }

    private IEnumerable<ScrubFinding> EvaluateLines(LearnedRule rule, ClaimFeatures claim, string of, string reason)
    {
        var p = rule.Parameters;
        var payer = rule.PayerName;
        foreach (var line in claim.Lines)
        {
            if (p.Code is { } code && line.Code != code && rule.Shape != LearnedShape.UnspecifiedDiagnosis)
            {
                continue;
            }

            var at = $"line {line.Sequence} = {(line.Modifiers.Count == 0 ? line.Code : line.Code + "-" + string.Join('-', line.Modifiers))}";
            switch (rule.Shape)
            {
                case LearnedShape.AuthRequired when !line.AuthValid:
                    yield return Finding(rule, line.Sequence, rule.Severity,
                        line.AuthNumberOnClaim
                            ? $"{payer} denied {of} of {line.Code} without a valid prior authorization{reason}, and no authorization on file for {line.Code} covers {claim.ServiceDate:yyyy-MM-dd}. Get a new or extended authorization and put its number on the claim."
                            : $"{payer} denied {of} of {line.Code} without a prior authorization{reason}. Obtain the authorization (or a retro-authorization) and put its number on the claim.",
                        [at, line.AuthNumberOnClaim ? "authorization on file for this code and date = none" : "authorization number = (none)"]);
                    break;
                case LearnedShape.ReferringRequired when !claim.HasReferring:
                    yield return Finding(rule, line.Sequence, rule.Severity,
                        $"{payer} denied {of} of {line.Code} billed without a referring or ordering provider{reason}. Add the ordering provider's name and NPI.",
                        [at, "referring / ordering provider = (none)"]);
                    break;
                case LearnedShape.NonCovered:
                    yield return Finding(rule, line.Sequence, rule.Severity,
                        $"{payer} denied {of} of {line.Code}{reason}: it does not seem to cover this service. Check the patient's benefits; get a signed waiver or bill the patient if it is not covered.",
                        [at]);
                    break;
                case LearnedShape.CoveredDiagnoses when p.Diagnoses is { } covered && !line.Diagnoses.Any(covered.Contains):
                {
                    var seenDenied = p.DeniedDiagnoses is { } deniedList && line.Diagnoses.Any(deniedList.Contains);
                    yield return Finding(rule, line.Sequence, seenDenied ? rule.Severity : FindingSeverity.Review,
                        $"{payer} paid {line.Code} only with {Describe(covered.Select(RuleText.Icd).ToList())} and denied {of} billed with other diagnoses{reason}; this line points to {string.Join(", ", line.Diagnoses.Select(RuleText.Icd))}. Check that the diagnosis the note supports is the one coded.",
                        [at, $"diagnoses = {string.Join(", ", line.Diagnoses.Select(RuleText.Icd))}"]);
                    break;
                }

                case LearnedShape.UnspecifiedDiagnosis when line.Diagnoses.FirstOrDefault(d => IsUnspecified(d, p.DiagnosisPattern)) is { } unspecified:
                    yield return Finding(rule, line.Sequence, rule.Severity,
                        $"{payer} denied {of} pointing to an unspecified diagnosis{reason}; {RuleText.Icd(unspecified)} is unspecified. Code the more specific diagnosis the note supports.",
                        [at, $"diagnosis = {RuleText.Icd(unspecified)}"]);
                    break;
                case LearnedShape.ModifierRequired when p.Modifiers is { Count: > 0 } family && !line.Modifiers.Any(family.Contains)
                    && (p.Condition != "with-procedure" || line.OtherProcedureOnClaim):
                    yield return Finding(rule, line.Sequence, rule.Severity,
                        $"{payer} denied {of} of {line.Code}{(p.Condition == "with-procedure" ? " billed with a procedure" : "")} without modifier {string.Join(" / ", family)}{reason}. Add the modifier the service calls for, if the note supports it.",
                        [at, $"expected modifier = {string.Join(" / ", family)}"]);
                    break;
                case LearnedShape.BundledPair when p.OtherCode is { } other && line.SameDayCodes.Contains(other)
                    && !(p.Modifiers is { Count: > 0 } waivers && line.Modifiers.Any(waivers.Contains)):
                    yield return Finding(rule, line.Sequence, rule.Severity,
                        p.Modifiers is { Count: > 0 } w
                            ? $"{payer} denied {of} of {line.Code} billed the same day as {other} without {string.Join(" / ", w)}{reason}. Bill it only if it was a separate service, with the modifier the note supports."
                            : $"{payer} denied {of} of {line.Code} billed the same day as {other}{reason}, modifier or not. It is likely bundled into {other}.",
                        [at, $"same-day code = {other}"]);
                    break;
                case LearnedShape.UnitsPerDay when p.MaxUnits is { } max && line.UnitsPerDay > max:
                {
                    var firm = p.UnitsDenied is not { } deniedFrom || line.UnitsPerDay >= deniedFrom;
                    yield return Finding(rule, line.Sequence, firm ? rule.Severity : FindingSeverity.Review,
                        $"{payer} paid up to {RuleText.Units(max)} unit(s) of {line.Code} a day and denied {of} with more{reason}; this claim bills {RuleText.Units(line.UnitsPerDay)}. Bill the units the payer allows, or get them authorized.",
                        [at, $"units that day = {RuleText.Units(line.UnitsPerDay)}"]);
                    break;
                }

                case LearnedShape.Frequency when p.Days is { } window && line.DaysSincePrevious is { } since && since < window:
                    yield return Finding(rule, line.Sequence, rule.Severity,
                        $"{payer} denied {of} of {line.Code} billed within {window} days of the patient's previous one{reason}; the previous one was {since} days before. Check the patient's benefit limit before submitting.",
                        [at, $"days since the previous {line.Code} = {since}"]);
                    break;
                case LearnedShape.PlaceOfService when p.PlacesOfService is { } places && line.PlaceOfService is { } pos && !places.Contains(pos):
                    yield return Finding(rule, line.Sequence, rule.Severity,
                        $"{payer} paid {line.Code} only in place of service {string.Join(", ", places)} and denied {of} billed elsewhere{reason}; this line says {pos}. Check where the service was performed.",
                        [at, $"place of service = {pos}"]);
                    break;
            }
        }
    }

    /// <summary>
    /// Conservative defaults: a review past the default filing window when no filing limit is known for the payer (no
    /// policy limit, none learned), and, for a payer with no policy file and too little history, a review where other
    /// payers of the practice learned an auth or referring requirement for the code.
    /// </summary>
    private IEnumerable<ScrubFinding> Defaults(ClaimFeatures claim, IReadOnlyList<LearnedRule> rules, ScrubInput input)
    {
        var thresholds = book.Thresholds;
        var payer = _index.PayerFor(claim.PayerKey);
        var seen = payer?.Claims ?? 0;
        var lag = input.Today.DayNumber - claim.ServiceDate.DayNumber;
        if (input.Policy?.FilingLimitDays is null && !rules.Any(r => r.Shape == LearnedShape.FilingLimit))
        {
            var paidUpTo = payer?.LongestPaidLagDays ?? 0;
            var window = Math.Max(thresholds.DefaultFilingReviewDays, paidUpTo);
            if (lag > window)
            {
                var known = seen == 0
                    ? $"no filing limit is known for {claim.PayerName}, and no adjudicated claim of it to learn from"
                    : $"no filing limit is known for {claim.PayerName}; of its {seen} adjudicated claims, none paid was submitted later than {paidUpTo} days after the date of service";
                yield return Default("learned.default-filing", FindingCategory.TimelyFiling, "CO-29", null,
                    new SourceCitation("FhirApp conservative defaults for payers without rules", book.Version, known),
                    $"{lag} days have passed since the date of service, and {known}. Many payers allow {thresholds.DefaultFilingReviewDays} days or less: submit now and keep the acceptance report.",
                    [$"date of service = {claim.ServiceDate:yyyy-MM-dd}", $"days since the date of service = {lag}", $"default review window = {window} days"]);
            }
        }

        if (input.Payer is not null || payer?.EnoughHistory == true)
        {
            yield break;
        }

        var why = seen == 0
            ? $"{claim.PayerName} has no policy file and no adjudicated claims to learn from yet"
            : $"{claim.PayerName} has no policy file and only {seen} adjudicated claim(s) to learn from";
        var source = new SourceCitation("FhirApp conservative defaults for payers without rules", book.Version, why);
        foreach (var line in claim.Lines)
        {
            foreach (var (shape, applies) in new[] { (LearnedShape.AuthRequired, !line.AuthValid), (LearnedShape.ReferringRequired, !claim.HasReferring) })
            {
                if (!applies || !_index.Shared.TryGetValue((shape, line.Code), out var others) || others.Count < thresholds.MinPayersForDefault)
                {
                    continue;
                }

                var what = shape == LearnedShape.AuthRequired ? "a prior authorization" : "a referring or ordering provider";
                yield return Default(RuleIdOf(shape) + "-default", shape == LearnedShape.AuthRequired ? FindingCategory.PriorAuthorization : FindingCategory.MissingInformation,
                    others[0].Carcs.Count > 0 ? others[0].Carcs[0] : null, line.Sequence, source,
                    $"{others.Count} other payers of this practice deny {line.Code} without {what} ({string.Join(", ", others.Select(o => o.PayerName))}); {why}. Check whether {claim.PayerName} needs it too.",
                    [$"line {line.Sequence} = {line.Code}", shape == LearnedShape.AuthRequired ? "authorization number = (none)" : "referring / ordering provider = (none)"]);
            }
        }
    }

    private ScrubFinding Finding(LearnedRule rule, int? line, FindingSeverity severity, string message, List<string> trigger, int? daysLeft = null) => new()
    {
        RuleId = RuleIdOf(rule.Shape),
        Category = CategoryOf(rule.Shape),
        Severity = severity,
        PredictedCarc = rule.Carcs.Count > 0 ? rule.Carcs[0] : null,
        Message = message,
        Source = new SourceCitation($"Learned from this practice's remittances, {rule.PayerName}", book.Version,
            string.Create(CultureInfo.InvariantCulture, $"learned from {rule.Adjudications} adjudications, {rule.FirstSeen:yyyy-MM-dd} to {rule.LastSeen:yyyy-MM-dd}")),
        Trigger = [.. trigger, string.Create(CultureInfo.InvariantCulture, $"learned rule = {rule.Id}, denied {rule.Denied} of {rule.Support} ({rule.DenialRate:P0}), lower bound {rule.LowerBound:0.00}")],
        LineSequence = line,
        DaysLeft = daysLeft,
    };

    private static ScrubFinding Default(string ruleId, FindingCategory category, string? carc, int? line, SourceCitation source, string message, List<string> trigger) => new()
    {
        RuleId = ruleId,
        Category = category,
        Severity = FindingSeverity.Review,
        PredictedCarc = carc,
        Message = message,
        Source = source,
        Trigger = trigger,
        LineSequence = line,
    };

    /// <summary>" (CO-197 N54)": the payer's usual reason, for messages.</summary>
    private static string Reasons(LearnedRule rule) =>
        rule.Carcs.Count == 0 ? "" : $" ({rule.Carcs[0]}{(rule.Rarcs.Count > 0 ? " " + rule.Rarcs[0] : "")})";

    private static string Describe(IReadOnlyList<string> items) =>
        items.Count <= 4 ? string.Join(", ", items) : $"{string.Join(", ", items.Take(4))} and {items.Count - 4} more";

    /// <summary>Whether a diagnosis (no dot) matches a learned "unspecified" pattern.</summary>
    internal static bool IsUnspecified(string diagnosis, string? pattern) => pattern switch
    {
        "category-only" => diagnosis.Length == 3,
        _ => diagnosis.Length >= 4 && diagnosis[^1] == '9',
    };

    internal static FindingCategory CategoryOf(LearnedShape shape) => shape switch
    {
        LearnedShape.FilingLimit => FindingCategory.TimelyFiling,
        LearnedShape.AuthRequired => FindingCategory.PriorAuthorization,
        LearnedShape.ReferringRequired => FindingCategory.MissingInformation,
        LearnedShape.NonCovered or LearnedShape.CoverageLapse => FindingCategory.Eligibility,
        LearnedShape.MemberIdFormat => FindingCategory.Demographics,
        LearnedShape.ModifierRequired => FindingCategory.Modifiers,
        LearnedShape.UnitsPerDay or LearnedShape.Frequency => FindingCategory.Units,
        _ => FindingCategory.Coding,
    };

    internal static string Kebab(LearnedShape shape) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(shape.ToString());
}
