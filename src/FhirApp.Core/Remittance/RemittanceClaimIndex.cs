using Hl7.Fhir.Model;

namespace FhirApp.Core.Remittance;

/// <summary>
/// The practice's claims by the patient control number an 835 echoes in CLP01: the Claim's id when the practice's
/// system sends it, else any of the Claim's identifier values (its claim number). Ids win over identifiers, the first
/// claim over later ones.
/// </summary>
public sealed class RemittanceClaimIndex
{
    private readonly Dictionary<string, Claim> _claims = new(StringComparer.Ordinal);

    public RemittanceClaimIndex(IEnumerable<Claim> claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var list = claims.Where(c => c.Use is null or ClaimUseCode.Claim).ToList();
        foreach (var claim in list)
        {
            if (!string.IsNullOrEmpty(claim.Id))
            {
                _claims.TryAdd(claim.Id, claim);
            }
        }

        foreach (var claim in list)
        {
            foreach (var value in claim.Identifier.Select(i => i.Value?.Trim()).OfType<string>().Where(v => v.Length > 0))
            {
                _claims.TryAdd(value, claim);
            }
        }

        Count = list.Count;
    }

    /// <summary>Claims indexed.</summary>
    public int Count { get; }

    /// <summary>The Claim whose id or identifier is <paramref name="patientControlNumber"/>, or null.</summary>
    public Claim? Find(string patientControlNumber) =>
        _claims.GetValueOrDefault(patientControlNumber.Trim());
}
