using FhirApp.Core.Claims;
using FhirApp.Core.Scrubbing.Rules;

namespace FhirApp.Core.Scrubbing;

/// <summary>
/// Runs every rule on a claim in its context. A claim that cannot be scrubbed (no Claim resource, broken data) gets an
/// error of its own; nothing it does stops the next claim. Findings come back worst first, nearest deadline first.
/// </summary>
public sealed class ClaimScrubber(RuleBook rules, IEnumerable<IScrubRule> checks, TimeProvider clock)
{
    private readonly IReadOnlyList<IScrubRule> _checks = [.. checks];

    public RuleBook Rules => rules;

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
            var payer = rules.PayerFor(facts.PayerId, facts.PayerName);
            var policy = facts.ServiceDate is { } dos ? payer?.For(dos) : null;
            var input = new ScrubInput(context, facts, payer, policy, rules.Codes, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
            var findings = new List<ScrubFinding>();
            foreach (var check in _checks)
            {
                findings.AddRange(check.Evaluate(input).Where(f => policy is null || !policy.DisabledRules.Contains(f.RuleId)));
            }
            findings.Sort(static (a, b) => a.Severity != b.Severity
                ? a.Severity.CompareTo(b.Severity)
                : (a.DaysLeft ?? int.MaxValue).CompareTo(b.DaysLeft ?? int.MaxValue));
            return new ScrubResult(facts.ClaimId, findings)
            {
                PayerId = facts.PayerId,
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
