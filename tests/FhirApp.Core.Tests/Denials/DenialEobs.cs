using Hl7.Fhir.Model;

namespace FhirApp.Core.Tests.Denials;

/// <summary>Small hand-built EOBs in the CARIN / Blue Button shape the demo fixtures use (group + CARC in one reason).</summary>
internal static class DenialEobs
{
    private const string Group = "https://x12.org/codes/claim-adjustment-group-codes";
    private const string Carc = "https://x12.org/codes/claim-adjustment-reason-codes";
    private const string Rarc = "https://x12.org/codes/remittance-advice-remark-codes";
    private const string Category = "http://terminology.hl7.org/CodeSystem/adjudication";

    /// <summary>A line: submitted, benefit, and reasons as "CO-197:250" (amount optional) or RARCs as "MA130".</summary>
    public static ExplanationOfBenefit.ItemComponent Line(int sequence, decimal submitted, decimal benefit, params string[] reasons)
    {
        var item = new ExplanationOfBenefit.ItemComponent { Sequence = sequence };
        item.Adjudication.Add(Amount("submitted", submitted));
        foreach (var reason in reasons)
        {
            var parts = reason.Split(':');
            var concept = new CodeableConcept();
            if (parts[0].Contains('-', StringComparison.Ordinal))
            {
                var codes = parts[0].Split('-');
                concept.Coding.Add(new Coding(Group, codes[0]));
                concept.Coding.Add(new Coding(Carc, codes[1]));
            }
            else
            {
                concept.Coding.Add(new Coding(Rarc, parts[0]));
            }

            item.Adjudication.Add(new ExplanationOfBenefit.AdjudicationComponent
            {
                Category = new CodeableConcept("http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudicationDiscriminator", "adjustmentreason"),
                Reason = concept,
                Amount = parts.Length > 1 ? new Money { Value = decimal.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), Currency = Money.Currencies.USD } : null,
            });
        }

        item.Adjudication.Add(Amount("benefit", benefit));
        return item;
    }

    public static ExplanationOfBenefit Eob(string id, string payer, string created, params ExplanationOfBenefit.ItemComponent[] lines)
    {
        var eob = new ExplanationOfBenefit
        {
            Id = id,
            Status = ExplanationOfBenefit.ExplanationOfBenefitStatus.Active,
            Use = ClaimUseCode.Claim,
            Outcome = ClaimProcessingCodes.Complete,
            Created = created,
            Patient = new ResourceReference("Patient/p1"),
            Insurer = new ResourceReference("Organization/" + payer),
            Provider = new ResourceReference("Organization/org-practice"),
            Claim = new ResourceReference("Claim/claim-" + id),
        };
        eob.Item.AddRange(lines);
        return eob;
    }

    private static ExplanationOfBenefit.AdjudicationComponent Amount(string category, decimal value) => new()
    {
        Category = new CodeableConcept(Category, category),
        Amount = new Money { Value = value, Currency = Money.Currencies.USD },
    };
}
