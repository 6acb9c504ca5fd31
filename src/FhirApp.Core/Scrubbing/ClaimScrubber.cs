using FhirApp.Core.Claims;
using FhirApp.Core.Scrubbing.Learned;
using FhirApp.Core.Scrubbing.Rules;

namespace FhirApp.Core.Scrubbing;

/// <summary>
/// Runs every rule on a claim in its context. A claim that cannot be scrubbed (no Claim resource, broken data) gets an
/// error of its own; nothing it does stops the next claim. Findings come back worst first, nearest deadline first.
/// With a learned rule book (rules mined from the practice's remittances), its findings join the shipped rules' ones;
/// a learned finding that a shipped rule already raises as severely for the same line and category is left out, and a
/// shipped hold the payer's history shows it does not enforce becomes a review. A null or empty book scrubs exactly as
/// without one.
/// </summary>
public sealed class ClaimScrubber(RuleBook rules, IEnumerable<IScrubRule> checks, TimeProvider clock, LearnedRuleBook? learned = null)
{
    private readonly IReadOnlyList<IScrubRule> _checks = [.. checks];
    private readonly LearnedRuleScrubber? _learned = learned is null || learned.IsEmpty ? null : new LearnedRuleScrubber(learned, rules.Directory);

    public RuleBook Rules => rules;

    /// <summary>The learned rule book in use, if any.</summary>
    public LearnedRuleBook? Learned => _learned?.Book;

    /// <summary>The same scrubber (rules, checks, clock) with a practice's learned rule book; null for none.</summary>
    public ClaimScrubber WithLearned(LearnedRuleBook? book) => new(rules, _checks, clock, book);

    public ScrubResult Scrub(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Claim is null)
        {
            return new ScrubResult(context.Key, [], "Only claims can be scrubbed; this is an explanation of benefit without its claim.");
        }
        try
        {
            var facts = ClaimFacts.From(context);
            var payer = rules.PayerFor(facts.Payer);
            var policy = facts.ServiceDate is { } dos ? payer?.For(dos) : null;
            var input = new ScrubInput(context, facts, payer, policy, rules.Codes, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
            var findings = new List<ScrubFinding>();
            foreach (var check in _checks)
            {
                findings.AddRange(check.Evaluate(input).Where(f => policy is null || !policy.DisabledRules.Contains(f.RuleId)));
            }

            if (_learned is not null)
            {
                var shipped = findings.Select(f => _learned.Calibrate(f, input)).ToList();
                findings.Clear();
                findings.AddRange(shipped);
                findings.AddRange(_learned.Evaluate(input).Where(f => (policy is null || !policy.DisabledRules.Contains(f.RuleId))
                    && !shipped.Exists(s => s.Category == f.Category && s.LineSequence == f.LineSequence && s.Severity <= f.Severity)));
            }
            findings.Sort(static (a, b) => a.Severity != b.Severity
                ? a.Severity.CompareTo(b.Severity)
                : (a.DaysLeft ?? int.MaxValue).CompareTo(b.DaysLeft ?? int.MaxValue));
            return new ScrubResult(facts.ClaimId, findings)
            {
                PayerId = rules.Directory.KeyOf(facts.Payer),
                FilingDaysLeft = TimelyFilingRule.DaysLeft(policy, facts.ServiceDate, input.Today),
            };
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException or NullReferenceException or Hl7.Fhir.Validation.CodedValidationException)
        {
            // One broken claim is reported, not thrown: the message names the failure, never the claim's content.
            return new ScrubResult(context.Claim.Id ?? context.Key, [], $"Could not be scrubbed: {ex.GetType().Name}.");
        }
    }
}
