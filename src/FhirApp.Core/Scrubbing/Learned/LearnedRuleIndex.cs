namespace FhirApp.Core.Scrubbing.Learned;

/// <summary>A book's rules and payers by payer (id and name, case-insensitively), built once per book.</summary>
internal sealed class LearnedRuleIndex
{
    private readonly Dictionary<string, List<LearnedRule>> _rules = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, LearnedPayer> _payers = new(StringComparer.OrdinalIgnoreCase);

    public LearnedRuleIndex(LearnedRuleBook book)
    {
        foreach (var payer in book.Payers)
        {
            _payers.TryAdd(payer.PayerId, payer);
            _payers.TryAdd(payer.PayerName, payer);
        }

        foreach (var rule in book.Rules)
        {
            Add(rule.PayerId, rule);
            if (!string.Equals(rule.PayerName, rule.PayerId, StringComparison.OrdinalIgnoreCase))
            {
                Add(rule.PayerName, rule);
            }
        }

        // Practice-wide: how many payers learned each auth / referring requirement, for payers with too little history.
        foreach (var group in book.Rules.Where(r => r.Shape is LearnedShape.AuthRequired or LearnedShape.ReferringRequired && r.EffectiveTo is null && r.Parameters.Code is not null)
            .GroupBy(r => (r.Shape, Code: r.Parameters.Code!)))
        {
            Shared[group.Key] = [.. group.DistinctBy(r => r.PayerId)];
        }
    }

    /// <summary>(shape, code) → the rules of each payer that learned it.</summary>
    public Dictionary<(LearnedShape Shape, string Code), List<LearnedRule>> Shared { get; } = [];

    public IReadOnlyList<LearnedRule> RulesFor(string? payerId, string? payerName) =>
        (payerId is not null && _rules.TryGetValue(payerId, out var byId) ? byId : null)
        ?? (payerName is not null && _rules.TryGetValue(payerName, out var byName) ? byName : null)
        ?? [];

    public LearnedPayer? PayerFor(string? payerId, string? payerName) =>
        (payerId is not null && _payers.TryGetValue(payerId, out var byId) ? byId : null)
        ?? (payerName is not null && _payers.TryGetValue(payerName, out var byName) ? byName : null);

    private void Add(string key, LearnedRule rule)
    {
        if (!_rules.TryGetValue(key, out var list))
        {
            list = [];
            _rules[key] = list;
        }

        list.Add(rule);
    }
}
