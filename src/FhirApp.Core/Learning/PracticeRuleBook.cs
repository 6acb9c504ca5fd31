using FhirApp.Core.Scrubbing.Learned;

namespace FhirApp.Core.Learning;

/// <summary>
/// A practice's learned payer rules as they stand: the latest mining (its number and date), every rule with its status
/// and drift flags, and <see cref="Effective"/>, the book the scrubber uses (dismissed rules out, confirmed rules in even
/// when the latest mining dropped them).
/// </summary>
public sealed record PracticeRuleBook(int? Number, DateTimeOffset? MinedAt, string? Trigger, LearnedRuleBook Mined, IReadOnlyList<PracticeRule> Rules)
{
    public static PracticeRuleBook None { get; } = new(null, null, null, LearnedRuleBook.Empty, []);

    public LearnedRuleBook Effective { get; } = Build(Mined, Rules);

    private static LearnedRuleBook Build(LearnedRuleBook mined, IReadOnlyList<PracticeRule> rules)
    {
        if (rules.Count == 0)
        {
            return mined;
        }

        var firing = rules.Where(r => r.Status != PracticeRuleStatus.Dismissed).Select(r => r.Rule).ToList();
        return mined with { Rules = firing, Payers = mined.Payers };
    }
}
