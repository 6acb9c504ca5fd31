using FhirApp.Core.Scrubbing.Learned;

namespace FhirApp.Core.Learning;

/// <summary>
/// A learned rule as a practice sees it: the rule with its evidence, what the owner decided (if anything), and the
/// flags that say the rule may no longer be right (it stopped firing, it disagrees with the payer's policy file, or a
/// later mining no longer finds it).
/// </summary>
public sealed record PracticeRule(LearnedRule Rule, PracticeRuleStatus Status, PracticeRuleDecision? Decision, IReadOnlyList<string> Drift);
