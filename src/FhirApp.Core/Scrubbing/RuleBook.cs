namespace FhirApp.Core.Scrubbing;

/// <summary>All rule content in force: payer policies and code tables, with the version of the content set.</summary>
public sealed record RuleBook
{
    public required string ContentVersion { get; init; }

    public IReadOnlyList<PayerPolicy> Payers { get; init; } = [];

    public required CodeTables Codes { get; init; }

    /// <summary>The policy of the claim's payer, by Organization id or by name/alias.</summary>
    public PayerPolicy? PayerFor(string? payerId, string? payerName) =>
        Payers.FirstOrDefault(p => payerId is not null && p.PayerId == payerId)
        ?? Payers.FirstOrDefault(p => payerName is not null
            && (string.Equals(p.Name, payerName, StringComparison.OrdinalIgnoreCase)
                || p.Aliases.Any(a => string.Equals(a, payerName, StringComparison.OrdinalIgnoreCase))));
}
