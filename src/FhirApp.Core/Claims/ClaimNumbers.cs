using Hl7.Fhir.Model;

namespace FhirApp.Core.Claims;

/// <summary>How a biller and a payer name a claim: the practice's account number and the payer's claim number.</summary>
public static class ClaimNumbers
{
    /// <summary>The practice's own number for the claim (Claim.identifier: the patient account number of the 837).</summary>
    public static string? AccountNumber(Claim claim) => claim.Identifier.FirstOrDefault(i => !string.IsNullOrWhiteSpace(i.Value))?.Value;

    /// <summary>
    /// The payer's number for its decision (the claim control number / ICN): an identifier typed "uc" (CARIN unique claim
    /// id), else one whose system names a claim control number, else the decision's first identifier.
    /// </summary>
    public static string? PayerClaimNumber(DomainResource? decision)
    {
        var identifiers = decision switch
        {
            ExplanationOfBenefit eob => eob.Identifier,
            ClaimResponse response => response.Identifier,
            _ => [],
        };
        return (identifiers.FirstOrDefault(i => i.Type?.Coding.Any(c => c.Code == "uc") == true)
            ?? identifiers.FirstOrDefault(i => i.System?.Contains("claim-control", StringComparison.OrdinalIgnoreCase) == true || i.System?.Contains("payer-claim", StringComparison.OrdinalIgnoreCase) == true)
            ?? identifiers.FirstOrDefault(i => !string.IsNullOrWhiteSpace(i.Value)))?.Value;
    }
}
