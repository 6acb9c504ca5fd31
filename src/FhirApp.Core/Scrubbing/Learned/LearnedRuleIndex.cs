using FhirApp.Core.Claims;

namespace FhirApp.Core.Scrubbing.Learned;

/// <summary>
/// A book's rules and payers by payer key, built once per book. Keys go through the <see cref="PayerDirectory"/> (a
/// rule mined under an identifier or alias of a configured payer is filed under that payer's key); names are never
/// keys of their own.
/// </summary>
internal sealed class LearnedRuleIndex
{
    private readonly PayerDirectory _directory;
    private readonly Dictionary<string, List<LearnedRule>> _rules = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, LearnedPayer> _payers = new(StringComparer.OrdinalIgnoreCase);

    public LearnedRuleIndex(LearnedRuleBook book, PayerDirectory? directory = null)
    {
        _directory = directory ?? PayerDirectory.Empty;
        foreach (var payer in book.Payers)
        {
            if (_directory.KeyOf(payer.PayerId) is { } key)
            {
                _payers.TryAdd(key, payer);
            }
        }

        foreach (var rule in book.Rules)
        {
            if (_directory.KeyOf(rule.PayerId) is { } key)
            {
                Add(key, rule);
            }
        }

        // Practice-wide: how many payers learned each auth / referring requirement, for payers with too little history.
        foreach (var group in book.Rules.Where(r => r.Shape is LearnedShape.AuthRequired or LearnedShape.ReferringRequired && r.EffectiveTo is null && r.Parameters.Code is not null)
            .GroupBy(r => (r.Shape, Code: r.Parameters.Code!)))
        {
            Shared[group.Key] = [.. group.DistinctBy(r => _directory.KeyOf(r.PayerId))];
        }
    }

    /// <summary>(shape, code) → the rules of each payer that learned it.</summary>
    public Dictionary<(LearnedShape Shape, string Code), List<LearnedRule>> Shared { get; } = [];

    /// <summary>The rules of the payer filed under <paramref name="payerKey"/> (a key, identifier or alias the directory knows).</summary>
    public IReadOnlyList<LearnedRule> RulesFor(string? payerKey) =>
        _directory.KeyOf(payerKey) is { } key && _rules.TryGetValue(key, out var rules) ? rules : [];

    public LearnedPayer? PayerFor(string? payerKey) =>
        _directory.KeyOf(payerKey) is { } key && _payers.TryGetValue(key, out var payer) ? payer : null;

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
