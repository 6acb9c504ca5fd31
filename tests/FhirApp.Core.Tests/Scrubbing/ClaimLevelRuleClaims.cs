using System.Text;
using FhirApp.Core.Claims;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Rules;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Tests.Scrubbing;

/// <summary>
/// Builds one claim in its record for the claim-level rule tests: a patient, a coverage with a test payer, the practice,
/// a rendering practitioner and a professional claim on <see cref="Dos"/>, clean by default; each method adds one defect
/// or one piece of evidence. <see cref="Input"/> goes through ClaimContextBuilder and ClaimFacts, as the scrubber does.
/// </summary>
internal sealed class ClaimLevelRuleClaims
{
    public const string NpiSystem = "http://hl7.org/fhir/sid/us-npi";
    public const string PayerId = "org-payer-test";

    public static readonly DateOnly Dos = new(2026, 10, 2);

    private readonly List<Resource> _extra = [];

    public ClaimLevelRuleClaims()
    {
        Patient = new Patient
        {
            Id = "p-test",
            Name = [new HumanName { Use = HumanName.NameUse.Official, Family = "Rivera", Given = ["Ana"] }],
            BirthDate = "1970-05-06",
            Gender = AdministrativeGender.Female,
        };
        Payer = new Organization { Id = PayerId, Name = "Test Health Plan" };
        Practice = new Organization { Id = "org-practice", Name = "Practice", Identifier = [new Identifier(NpiSystem, "1703849269")] };
        Rendering = new Practitioner { Id = "pr-render", Identifier = [new Identifier(NpiSystem, "1847293051")] };
        Coverage = new Coverage
        {
            Id = "cov-test",
            Status = FinancialResourceStatusCodes.Active,
            SubscriberId = "TST123456789",
            Subscriber = new ResourceReference("Patient/p-test"),
            Beneficiary = new ResourceReference("Patient/p-test"),
            Relationship = new CodeableConcept("http://terminology.hl7.org/CodeSystem/subscriber-relationship", "self"),
            Period = new Period { Start = "2026-01-01", End = "2026-12-31" },
            Payor = [new ResourceReference("Organization/" + PayerId)],
        };
        Claim = NewClaim("claim-test", Dos, Dos.AddDays(1));
    }

    public Patient Patient { get; }

    public Organization Payer { get; }

    public Organization Practice { get; }

    public Practitioner Rendering { get; }

    public Coverage Coverage { get; }

    public Claim Claim { get; }

    /// <summary>The policy used unless a test passes its own: auth and conservative-therapy documentation for 20610.</summary>
    public static PayerPolicyVersion Policy(
        string? subscriberIdPattern = @"^TST\d{9}$", string? orderingProviderClause = null, params string[] authCodes) => new()
    {
        Version = "2026-test",
        Effective = new DateOnly(2026, 1, 1),
        Source = "Test Health Plan manual (test)",
        FilingLimitDays = 180,
        SubscriberIdPattern = subscriberIdPattern,
        SubscriberIdClause = "section 2 member id",
        AuthRequired = [.. (authCodes.Length == 0 ? ["20610"] : authCodes).Select(c => new AuthRequirement(c, "section 5 auth list"))],
        OrderingProviderClause = orderingProviderClause,
        DocumentationRequired = [new DocumentationRequirement("20610", [NoteElement.ConservativeTherapy], "policy J-1 joint injections")],
    };

    /// <summary>Adds a service line (sequence in order) on the date of service.</summary>
    public ClaimLevelRuleClaims Line(string code, decimal units = 1, string? pos = "11", params string[] modifiers)
    {
        AddLine(Claim, code, units, pos, Dos, modifiers);
        return this;
    }

    public ClaimLevelRuleClaims Note(string text, string contentType = "text/plain")
    {
        _extra.Add(new DocumentReference
        {
            Id = "doc-" + _extra.Count,
            Status = DocumentReferenceStatus.Current,
            Subject = new ResourceReference("Patient/p-test"),
            Date = new DateTimeOffset(Dos.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero),
            Content = [new DocumentReference.ContentComponent { Attachment = new Attachment { ContentType = contentType, Data = Encoding.UTF8.GetBytes(text) } }],
        });
        return this;
    }

    public ClaimLevelRuleClaims PdfNote(byte[] pdf)
    {
        _extra.Add(new DocumentReference
        {
            Id = "doc-pdf-" + _extra.Count,
            Status = DocumentReferenceStatus.Current,
            Subject = new ResourceReference("Patient/p-test"),
            Date = new DateTimeOffset(Dos.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero),
            Content = [new DocumentReference.ContentComponent { Attachment = new Attachment { ContentType = "application/pdf", Data = pdf } }],
        });
        return this;
    }

    /// <summary>A prior authorization on file (Da Vinci PAS shape: a preauthorization Claim and its ClaimResponse).</summary>
    public ClaimLevelRuleClaims Auth(
        string number, string code, decimal units = 1, DateOnly? start = null, DateOnly? end = null, bool onClaim = true, bool notCertified = false)
    {
        var id = "pa-" + _extra.Count;
        var request = new Claim
        {
            Id = id + "-req",
            Use = ClaimUseCode.Preauthorization,
            Status = FinancialResourceStatusCodes.Active,
            Patient = new ResourceReference("Patient/p-test"),
            Insurer = new ResourceReference("Organization/" + PayerId),
        };
        AddLine(request, code, units, null, null, []);
        var item = new ClaimResponse.ItemComponent { ItemSequence = 1 };
        if (notCertified)
        {
            item.Extension.Add(new Extension
            {
                Url = "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-reviewAction",
                Extension = [new Extension("http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-reviewActionCode",
                    new CodeableConcept("https://codesystem.x12.org/005010/306", "A3"))],
            });
        }
        _extra.Add(request);
        _extra.Add(new ClaimResponse
        {
            Id = id,
            Status = FinancialResourceStatusCodes.Active,
            Use = ClaimUseCode.Preauthorization,
            Outcome = ClaimProcessingCodes.Complete,
            Patient = new ResourceReference("Patient/p-test"),
            Insurer = new ResourceReference("Organization/" + PayerId),
            Request = new ResourceReference("Claim/" + request.Id),
            PreAuthRef = number,
            PreAuthPeriod = new Period { Start = (start ?? Dos.AddDays(-30)).ToString("yyyy-MM-dd", null), End = (end ?? Dos.AddDays(60)).ToString("yyyy-MM-dd", null) },
            Item = [item],
        });
        if (onClaim)
        {
            PreAuthRef(number);
        }
        return this;
    }

    public ClaimLevelRuleClaims PreAuthRef(string number)
    {
        Claim.Insurance[0].PreAuthRefElement.Add(new FhirString(number));
        return this;
    }

    /// <summary>Another claim of the patient (billed before this one unless created later), returned for more lines.</summary>
    public Claim OtherClaim(string id, DateOnly dos, DateOnly created, string code, params string[] modifiers)
    {
        var other = NewClaim(id, dos, created);
        AddLine(other, code, 1, "11", dos, modifiers);
        _extra.Add(other);
        return other;
    }

    public ClaimLevelRuleClaims Frequency(string code) => Frequency(Claim, code);

    public ClaimLevelRuleClaims Frequency(Claim claim, string code)
    {
        claim.Extension.Add(new Extension("https://example.org/fhir/StructureDefinition/claim-frequency",
            new CodeableConcept("https://x12.org/codes/claim-frequency", code)));
        return this;
    }

    public ClaimLevelRuleClaims Add(params Resource[] resources)
    {
        _extra.AddRange(resources);
        return this;
    }

    /// <summary>The rule input, through ClaimContextBuilder and ClaimFacts as in the scrubber.</summary>
    public ScrubInput Input(PayerPolicyVersion? policy = null, CodeTables? codes = null, bool noPolicy = false)
    {
        var record = PatientRecord.Create([Patient, Payer, Practice, Rendering, Coverage, Claim, .. _extra]);
        var context = new ClaimContextBuilder().Build(record, Claim.Id!)!;
        var version = noPolicy ? null : policy ?? Policy();
        var payer = version is null ? null : new PayerPolicy { PayerId = PayerId, Name = "Test Health Plan", Versions = [version] };
        return new ScrubInput(context, ClaimFacts.From(context), payer, version, codes ?? new CodeTables(), Dos.AddDays(5));
    }

    public IReadOnlyList<ScrubFinding> Run<TRule>(PayerPolicyVersion? policy = null, CodeTables? codes = null, bool noPolicy = false)
        where TRule : IScrubRule, new() => [.. new TRule().Evaluate(Input(policy, codes, noPolicy))];

    private static Claim NewClaim(string id, DateOnly dos, DateOnly created) => new()
    {
        Id = id,
        Status = FinancialResourceStatusCodes.Active,
        Use = ClaimUseCode.Claim,
        Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/claim-type", "professional"),
        Patient = new ResourceReference("Patient/p-test"),
        BillablePeriod = new Period { Start = dos.ToString("yyyy-MM-dd", null), End = dos.ToString("yyyy-MM-dd", null) },
        Created = created.ToString("yyyy-MM-dd", null),
        Insurer = new ResourceReference("Organization/" + PayerId),
        Provider = new ResourceReference("Organization/org-practice"),
        CareTeam =
        [
            new Claim.CareTeamComponent
            {
                Sequence = 1,
                Provider = new ResourceReference("Practitioner/pr-render"),
                Responsible = true,
                Role = new CodeableConcept("http://terminology.hl7.org/CodeSystem/claimcareteamrole", "primary"),
            },
        ],
        Insurance = [new Claim.InsuranceComponent { Sequence = 1, Focal = true, Coverage = new ResourceReference("Coverage/cov-test") }],
    };

    private static void AddLine(Claim claim, string code, decimal units, string? pos, DateOnly? dos, string[] modifiers)
    {
        var system = char.IsAsciiLetter(code[0]) ? "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets" : "http://www.ama-assn.org/go/cpt";
        var item = new Claim.ItemComponent
        {
            Sequence = claim.Item.Count + 1,
            ProductOrService = new CodeableConcept(system, code),
            Quantity = new Quantity { Value = units },
            Modifier = [.. modifiers.Select(m => new CodeableConcept("http://www.ama-assn.org/go/cpt", m))],
        };
        if (claim.CareTeam.Count > 0)
        {
            item.CareTeamSequence = [1];
        }
        if (dos is { } d)
        {
            item.Serviced = new Date(d.ToString("yyyy-MM-dd", null));
        }
        if (pos is not null)
        {
            item.Location = new CodeableConcept("https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set", pos);
        }
        claim.Item.Add(item);
    }
}
