using System.Globalization;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Scrubbing.Synthetic;

/// <summary>
/// What both synthetic generators (the scrubbing corpus and `fhirapp synth`) build alike: identifiers drawn from their
/// seeded Random, and the practice's coverages, care teams, organizations and practitioners.
/// </summary>
internal static class SyntheticResources
{
    public const string Cpt = "http://www.ama-assn.org/go/cpt";
    public const string Hcpcs = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";
    public const string Icd10 = "http://hl7.org/fhir/sid/icd-10-cm";
    public const string PosSystem = "https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set";
    public const string NpiSystem = "http://hl7.org/fhir/sid/us-npi";
    public const string Practice = "org-practice";

    public static string Digits(Random random, int count)
    {
        var chars = new char[count];
        for (var i = 0; i < count; i++)
        {
            chars[i] = (char)('0' + random.Next(10));
        }

        return new string(chars);
    }

    /// <summary>A Medicare Beneficiary Identifier in the CMS format (no S, L, O, I, B, Z).</summary>
    public static string Mbi(Random random)
    {
        const string letters = "ACDEFGHJKMNPQRTUVWXY";
        const string alnum = "0123456789ACDEFGHJKMNPQRTUVWXY";
        char N(int from = 0) => (char)('0' + random.Next(from, 10));
        char A() => letters[random.Next(letters.Length)];
        char X() => alnum[random.Next(alnum.Length)];
        return new string([N(1), A(), X(), N(), A(), X(), N(), A(), A(), N(), N()]);
    }

    public static Coverage Coverage(string id, string patientId, string payer, string subscriberId, DateOnly start, DateOnly end) => new()
    {
        Id = id,
        Status = FinancialResourceStatusCodes.Active,
        Identifier = [new Identifier($"https://riverside-ortho.example/fhir/member-id/{payer}", subscriberId)],
        Subscriber = new ResourceReference("Patient/" + patientId),
        SubscriberId = subscriberId,
        Beneficiary = new ResourceReference("Patient/" + patientId),
        Relationship = new CodeableConcept("http://terminology.hl7.org/CodeSystem/subscriber-relationship", "self"),
        Period = new Period(new FhirDateTime(Date(start)), new FhirDateTime(Date(end))),
        Payor = [new ResourceReference("Organization/" + payer)],
    };

    public static Claim.CareTeamComponent CareTeam(int sequence, string practitioner, string role) => new()
    {
        Sequence = sequence,
        Provider = new ResourceReference("Practitioner/" + practitioner),
        Responsible = role == "primary",
        Role = new CodeableConcept("http://terminology.hl7.org/CodeSystem/claimcareteamrole", role),
    };

    public static Organization Organization(string id, string name, string type, string? npi) => new()
    {
        Id = id,
        Active = true,
        Name = name,
        Identifier = npi is null ? [] : [new Identifier(NpiSystem, npi)],
        Type = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/organization-type", type)],
    };

    public static Practitioner Practitioner(string id, string family, string given, string npi) => new()
    {
        Id = id,
        Active = true,
        Identifier = [new Identifier(NpiSystem, npi)],
        Name = [new HumanName { Use = HumanName.NameUse.Official, Family = family, Given = [given] }],
    };

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
