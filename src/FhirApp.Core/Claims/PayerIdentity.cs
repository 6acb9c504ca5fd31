using FhirApp.Core.Claims.Fhir;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Claims;

/// <summary>
/// What a resource says of its payer, before <see cref="PayerDirectory"/> files it under one key: the Organization id,
/// the payer's identifiers (the NIIP / X12 payer id an 835 or a clearinghouse routes by) and its name. The name is
/// kept for display and for the explicit alias table; it is never compared loosely with another payer's name.
/// </summary>
public sealed record PayerIdentity(string? Id, IReadOnlyList<string> Identifiers, string? Name)
{
    /// <summary>
    /// The key of a payer no directory knows: its id, else its first identifier, else its exact name (a payer that
    /// arrives with a name only is filed under that name and matches no other spelling of it).
    /// </summary>
    public string? RawKey => Id ?? (Identifiers.Count > 0 ? Identifiers[0] : null) ?? Name;

    public static PayerIdentity? From(Organization? payer) =>
        payer is null ? null : Of(payer.Id, payer.Identifier.Select(i => i.Value), payer.Name);

    /// <summary>A reference to the payer when its Organization is not at hand (Claim.insurer, EOB.insurer, Coverage.payor).</summary>
    public static PayerIdentity? From(ResourceReference? reference) =>
        reference is null ? null : Of(FhirValues.IdOf(reference), [reference.Identifier?.Value], reference.Display);

    /// <summary>A claim's payer: its Organization, else what Claim.insurer or the first coverage's payor says of it.</summary>
    public static PayerIdentity? Of(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return From(context.Payer)
            ?? From(context.Claim?.Insurer ?? context.Coverages.SelectMany(c => c.Payor).FirstOrDefault());
    }

    private static PayerIdentity? Of(string? id, IEnumerable<string?> identifiers, string? name)
    {
        var identity = new PayerIdentity(
            FhirValues.Truncate(id, 64),
            [.. identifiers.Select(i => FhirValues.Truncate(i, 64)).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase)],
            FhirValues.Truncate(name, 200));
        return identity.RawKey is null ? null : identity;
    }
}
