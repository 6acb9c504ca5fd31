namespace FhirApp.Core.Scrubbing;

/// <summary>
/// Why an owner turns a check off for a payer: one of a short list, so "annoying" is not a reason and the list of rules
/// turned off reads the same way for every practice. The owner adds their own words after it.
/// </summary>
public sealed record RuleOffCause(string Key, string Words)
{
    public static RuleOffCause PayerDoesNotApply { get; } = new("payer-does-not-apply", "The payer does not apply this rule (its manual or a representative says so)");

    public static RuleOffCause PayerPaysWhatItHolds { get; } = new("payer-pays", "The payer pays the claims this rule holds");

    public static RuleOffCause ContractExempts { get; } = new("contract", "Our contract with the payer exempts us");

    public static RuleOffCause RuleIsWrong { get; } = new("rule-wrong", "The rule is wrong for this payer's claims");

    public static IReadOnlyList<RuleOffCause> All { get; } = [PayerDoesNotApply, PayerPaysWhatItHolds, ContractExempts, RuleIsWrong];

    public static RuleOffCause? Find(string? key) => All.FirstOrDefault(c => c.Key == key);

    /// <summary>The stored reason: the cause's words, then the owner's own.</summary>
    public string With(string details) => $"{Words}: {details.Trim()}";
}
