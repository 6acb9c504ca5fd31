using System.Runtime.CompilerServices;
using FhirApp.Core.Claims;

namespace FhirApp.Core.Scrubbing;

/// <summary>All rule content in force: payer policies and code tables, with the version of the content set.</summary>
public sealed record RuleBook
{
    private static readonly ConditionalWeakTable<IReadOnlyList<PayerPolicy>, PayerDirectory> Directories = [];

    public required string ContentVersion { get; init; }

    public IReadOnlyList<PayerPolicy> Payers { get; init; } = [];

    public required CodeTables Codes { get; init; }

    /// <summary>The payers of <see cref="Payers"/> as a directory: the one place a payer is given its key.</summary>
    public PayerDirectory Directory => DirectoryOf(Payers);

    /// <summary>The directory of a set of payer policies (built once per list).</summary>
    /// <exception cref="InvalidOperationException">Two payers claim the same id or alias.</exception>
    public static PayerDirectory DirectoryOf(IReadOnlyList<PayerPolicy> payers)
    {
        ArgumentNullException.ThrowIfNull(payers);
        return Directories.GetValue(payers, static p => new PayerDirectory(p.Select(x => x.DirectoryEntry)));
    }

    /// <summary>The policy of the claim's payer, by its id or identifier, or by an alias when it arrives without one.</summary>
    public PayerPolicy? PayerFor(PayerIdentity? payer) => PolicyOf(Directory.KeyOf(payer));

    /// <summary>The policy of a payer seen as one string (a stored payer key, an identifier or an alias).</summary>
    public PayerPolicy? PayerFor(string? payerKey) => PolicyOf(Directory.KeyOf(payerKey));

    private PayerPolicy? PolicyOf(string? key) =>
        key is null ? null : Payers.FirstOrDefault(p => string.Equals(p.PayerId, key, StringComparison.OrdinalIgnoreCase));
}
