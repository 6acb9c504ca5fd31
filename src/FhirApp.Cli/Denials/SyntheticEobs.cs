using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace FhirApp.Cli.Denials;

/// <summary>
/// Synthetic ExplanationOfBenefits for the denials benchmark, in the CARIN / Blue Button shape of the demo fixtures:
/// mostly paid lines (CO-45, PR-2/3), about 15% denied lines across the categories, a few recoupments, cancelled and
/// rejected EOBs. Same seed, same files.
/// </summary>
internal static class SyntheticEobs
{
    private const int PerFile = 10_000;
    private const string Group = "https://x12.org/codes/claim-adjustment-group-codes";
    private const string Carc = "https://x12.org/codes/claim-adjustment-reason-codes";
    private const string Categories = "http://terminology.hl7.org/CodeSystem/adjudication";
    private const string Discriminator = "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudicationDiscriminator";

    private static readonly string[] Payers = ["org-payer-acme", "org-payer-bluepeak", "org-payer-medicare", "org-payer-other"];
    private static readonly (string Group, string Carc)[] Denials =
        [("CO", "197"), ("CO", "50"), ("CO", "16"), ("PR", "27"), ("CO", "97"), ("CO", "236"), ("OA", "18"), ("CO", "29"), ("CO", "4"), ("CO", "167"), ("PR", "204"), ("CO", "B7")];

    /// <summary>Writes <paramref name="count"/> EOBs as NDJSON files of up to 10,000 lines; returns the files.</summary>
    public static IReadOnlyList<string> WriteNdjson(string directory, int count, int seed)
    {
        Directory.CreateDirectory(directory);
        var random = new Random(seed);
        var serializer = new FhirJsonSerializer();
        var files = new List<string>();
        StreamWriter? writer = null;
        try
        {
            for (var i = 0; i < count; i++)
            {
                if (i % PerFile == 0)
                {
                    writer?.Dispose();
                    var file = Path.Combine(directory, $"ExplanationOfBenefit.{files.Count:D4}.ndjson");
                    files.Add(file);
                    writer = new StreamWriter(file);
                }

                writer!.Write(serializer.SerializeToString(Create(i, random)));
                writer.Write('\n');
            }
        }
        finally
        {
            writer?.Dispose();
        }

        return files;
    }

    public static ExplanationOfBenefit Create(int index, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var serviced = new DateOnly(2026, 1, 1).AddDays(random.Next(0, 240));
        var roll = random.NextDouble();
        var eob = new ExplanationOfBenefit
        {
            Id = $"syn-eob-{index}",
            Meta = new Meta { VersionId = "1" },
            Status = roll < 0.01 ? ExplanationOfBenefit.ExplanationOfBenefitStatus.Cancelled : ExplanationOfBenefit.ExplanationOfBenefitStatus.Active,
            Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/claim-type", "professional"),
            Use = ClaimUseCode.Claim,
            Patient = new ResourceReference($"Patient/syn-p-{index % 5000}"),
            Created = serviced.AddDays(random.Next(7, 40)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Insurer = new ResourceReference("Organization/" + Payers[random.Next(Payers.Length)]),
            Provider = new ResourceReference("Organization/org-practice"),
            Claim = new ResourceReference($"Claim/syn-claim-{index}"),
            Outcome = roll is >= 0.01 and < 0.02 ? ClaimProcessingCodes.Error : ClaimProcessingCodes.Complete,
            BillablePeriod = new Period { Start = serviced.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) },
        };
        eob.Insurance.Add(new ExplanationOfBenefit.InsuranceComponent { Focal = true, Coverage = new ResourceReference($"Coverage/syn-cov-{index % 5000}") });
        var lines = random.Next(1, 5);
        for (var line = 1; line <= lines; line++)
        {
            eob.Item.Add(Line(line, random));
        }

        return eob;
    }

    private static ExplanationOfBenefit.ItemComponent Line(int sequence, Random random)
    {
        var submitted = Math.Round((decimal)(50 + (random.NextDouble() * 1950)), 2);
        var item = new ExplanationOfBenefit.ItemComponent
        {
            Sequence = sequence,
            ProductOrService = new CodeableConcept("http://www.ama-assn.org/go/cpt", "99213"),
        };
        item.Adjudication.Add(Amount("submitted", submitted));
        var roll = random.NextDouble();
        if (roll < 0.83)
        {
            var allowed = Math.Round(submitted * 0.6m, 2);
            var copay = random.Next(2) == 0 ? 25m : 0m;
            item.Adjudication.Add(Amount("eligible", allowed));
            item.Adjudication.Add(Reason("adjustmentreason", "CO", "45", submitted - allowed));
            if (copay > 0)
            {
                item.Adjudication.Add(Reason("copay", "PR", "3", copay));
            }

            item.Adjudication.Add(Amount("benefit", allowed - copay));
        }
        else if (roll < 0.985)
        {
            var (group, carc) = Denials[random.Next(Denials.Length)];
            item.Adjudication.Add(Reason("adjustmentreason", group, carc, submitted));
            item.Adjudication.Add(Amount("benefit", 0m));
        }
        else
        {
            // A recoupment: money taken back on a line paid earlier.
            item.Adjudication.Add(Reason("adjustmentreason", "CO", "129", -submitted / 2));
            item.Adjudication.Add(Amount("benefit", -submitted / 2));
        }

        return item;
    }

    private static ExplanationOfBenefit.AdjudicationComponent Amount(string category, decimal value) => new()
    {
        Category = new CodeableConcept(Categories, category),
        Amount = new Money { Value = value, Currency = Money.Currencies.USD },
    };

    private static ExplanationOfBenefit.AdjudicationComponent Reason(string category, string group, string carc, decimal value)
    {
        var reason = new CodeableConcept();
        reason.Coding.Add(new Coding(Group, group));
        reason.Coding.Add(new Coding(Carc, carc));
        return new ExplanationOfBenefit.AdjudicationComponent
        {
            Category = new CodeableConcept(category == "adjustmentreason" ? Discriminator : Categories, category),
            Reason = reason,
            Amount = new Money { Value = value, Currency = Money.Currencies.USD },
        };
    }
}
