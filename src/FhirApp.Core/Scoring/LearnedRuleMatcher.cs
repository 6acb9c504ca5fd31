using System.Runtime.CompilerServices;
using FhirApp.Core.Denials;
using FhirApp.Core.Scrubbing.Learned;

namespace FhirApp.Core.Scoring;

/// <summary>
/// Which of a learned rule book's rules a claim matches: per mechanism shape, the matching rule with the
/// highest smoothed denial rate. The conditions are the learned scrubber's (<see cref="LearnedRuleScrubber"/>), read
/// against the claim as of its submission day; they are restated here because the scrubber turns a match straight into a
/// worded finding, and the model needs the rule itself (its shape, confidence, CARC and evidence). Thread-safe; each
/// claim's matches are computed once.
/// </summary>
internal sealed class LearnedRuleMatcher
{
    public static readonly int ShapeCount = Enum.GetValues<LearnedShape>().Length;

    private readonly LearnedRuleIndex _index;
    private readonly ConditionalWeakTable<ScoringClaim, LearnedRule?[]> _matches = [];

    public LearnedRuleMatcher(LearnedRuleBook book)
    {
        Book = book;
        _index = new LearnedRuleIndex(book);
    }

    public static LearnedRuleMatcher Empty { get; } = new(LearnedRuleBook.Empty);

    public LearnedRuleBook Book { get; }

    /// <summary>The best matching rule of a shape, or null.</summary>
    public LearnedRule? Best(ScoringClaim claim, LearnedShape shape) => Matches(claim)[(int)shape];

    /// <summary>The smoothed denial rate of the best matching rule of a shape, 0 when none matches.</summary>
    public double Confidence(ScoringClaim claim, LearnedShape shape) => Best(claim, shape)?.SmoothedRate ?? 0;

    /// <summary>The best matching rule whose payer's reason falls in a denial category, or null.</summary>
    public LearnedRule? Best(ScoringClaim claim, DenialCategory category) =>
        Matches(claim).OfType<LearnedRule>().Where(r => CategoryOf(r) == category).MaxBy(r => r.SmoothedRate);

    /// <summary>The best matching rule of any shape, or null.</summary>
    public LearnedRule? Best(ScoringClaim claim) => Matches(claim).OfType<LearnedRule>().MaxBy(r => r.SmoothedRate);

    /// <summary>The longest lag the payer's learned filing-limit rule says it paid (claims later than this were denied), or null.</summary>
    public int? FilingLimit(string payerId) =>
        _index.RulesFor(payerId).Where(r => r.Shape == LearnedShape.FilingLimit && r.EffectiveTo is null).Select(r => r.Parameters.Days).Max();

    /// <summary>The cause category of the reason the payer gave under a rule (its most used CARC), else the shape's own.</summary>
    public static DenialCategory CategoryOf(LearnedRule rule) => rule.Carcs.Count > 0 ? ScoringCauses.Of(rule.Carcs[0]) : DenialCategory.Other;

    private LearnedRule?[] Matches(ScoringClaim claim) => Book.IsEmpty || claim.Learned is null
        ? new LearnedRule?[ShapeCount]
        : _matches.GetValue(claim, Compute);

    private LearnedRule?[] Compute(ScoringClaim claim)
    {
        var best = new LearnedRule?[ShapeCount];
        var features = claim.Learned!;
        foreach (var rule in _index.RulesFor(claim.PayerId))
        {
            if (rule.InEffectOn(features.ServiceDate) && Applies(rule, claim, features) && (best[(int)rule.Shape] is not { } current || rule.SmoothedRate > current.SmoothedRate))
            {
                best[(int)rule.Shape] = rule;
            }
        }

        return best;
    }

    private static bool Applies(LearnedRule rule, ScoringClaim claim, ClaimFeatures features)
    {
        var p = rule.Parameters;
        return rule.Shape switch
        {
            LearnedShape.FilingLimit => p.Days is { } paidUpTo && claim.LagDays > paidUpTo,
            LearnedShape.MemberIdFormat => p.Shapes is { Count: > 0 } shapes && features.MemberIdShape is { } shape && !shapes.Contains(shape),
            LearnedShape.CoverageLapse => p.Months is { } months
                ? !features.CoverageEnded && features.MonthsSinceCoverageStart is { } age && age >= months
                : p.AfterEligibilityDenial == true && claim.EarlierEligibilityDenial,
            _ => features.Lines.Any(line => (p.Code is not { } code || line.Code == code || rule.Shape == LearnedShape.UnspecifiedDiagnosis) && AppliesToLine(rule, features, line)),
        };
    }

    private static bool AppliesToLine(LearnedRule rule, ClaimFeatures claim, LineFeatures line)
    {
        var p = rule.Parameters;
        return rule.Shape switch
        {
            LearnedShape.AuthRequired => !line.AuthValid,
            LearnedShape.ReferringRequired => !claim.HasReferring,
            LearnedShape.NonCovered => true,
            LearnedShape.CoveredDiagnoses => p.Diagnoses is { } covered && !line.Diagnoses.Any(covered.Contains),
            LearnedShape.UnspecifiedDiagnosis => line.Diagnoses.Any(d => LearnedRuleScrubber.IsUnspecified(d, p.DiagnosisPattern)),
            LearnedShape.ModifierRequired => p.Modifiers is { Count: > 0 } family && !line.Modifiers.Any(family.Contains)
                && (p.Condition != "with-procedure" || line.OtherProcedureOnClaim),
            LearnedShape.BundledPair => p.OtherCode is { } other && line.SameDayCodes.Contains(other)
                && !(p.Modifiers is { Count: > 0 } waivers && line.Modifiers.Any(waivers.Contains)),
            LearnedShape.UnitsPerDay => p.MaxUnits is { } max && line.UnitsPerDay > max,
            LearnedShape.Frequency => p.Days is { } window && line.DaysSincePrevious is { } since && since < window,
            LearnedShape.PlaceOfService => p.PlacesOfService is { } places && line.PlaceOfService is { } pos && !places.Contains(pos),
            _ => false,
        };
    }
}
