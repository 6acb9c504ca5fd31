using System.Globalization;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Tests.Learning;

/// <summary>
/// Builds a small adjudicated history in memory for the miner tests: one payer (names and codes chosen by each test,
/// none of the simulators'), one patient and coverage per claim unless told, CARIN-style EOBs with CARC / RARC per line.
/// </summary>
internal sealed class HistoryBuilder
{
    private const string Cpt = "http://www.ama-assn.org/go/cpt";
    private const string Icd10 = "http://hl7.org/fhir/sid/icd-10-cm";
    private const string Pos = "https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set";
    private const string Carin = "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudicationDiscriminator";
    private const string Adjudication = "http://terminology.hl7.org/CodeSystem/adjudication";
    private readonly List<Resource> _resources = [];
    private int _claims;

    /// <param name="payerId">The payer's Organization id.</param>
    /// <param name="payerName">Its name.</param>
    /// <param name="withPayerResource">False: claims name the payer by reference only, no Organization in the export.</param>
    public HistoryBuilder(string payerId = "org-test-granite", string payerName = "Granite Test Plan", bool withPayerResource = true)
    {
        PayerId = payerId;
        PayerName = payerName;
        if (withPayerResource)
        {
            _resources.Add(new Organization { Id = payerId, Name = payerName, Active = true });
        }

        _resources.Add(new Organization { Id = "org-test-practice", Name = "Test Practice", Active = true });
        _resources.Add(new Practitioner { Id = "pr-test-render", Identifier = [new Identifier("http://hl7.org/fhir/sid/us-npi", "1234567893")] });
        _resources.Add(new Practitioner { Id = "pr-test-refer", Identifier = [new Identifier("http://hl7.org/fhir/sid/us-npi", "1245319599")] });
    }

    public string PayerId { get; }

    public string PayerName { get; }

    public IReadOnlyList<Resource> Resources => _resources;

    /// <summary>Adds a claim (and, unless <paramref name="adjudicated"/> is false, its EOB); returns its id.</summary>
    public string Claim(
        DateOnly dos,
        IReadOnlyList<TestLine> lines,
        int lagDays = 3,
        bool referring = false,
        string memberId = "GRN123456789",
        string? authNumber = null,
        (DateOnly Start, DateOnly End, string Code)? authOnFile = null,
        DateOnly? coverageStart = null,
        string? patient = null,
        bool adjudicated = true,
        bool receivedOnEobOnly = false)
    {
        var n = ++_claims;
        var id = $"c-{n:D5}";
        patient ??= $"p-{n:D5}";
        var coverageId = $"cov-{patient}";
        if (!_resources.Exists(r => r is Patient && r.Id == patient))
        {
            _resources.Add(new Patient { Id = patient, Gender = AdministrativeGender.Female, BirthDate = "1970-01-01" });
        }

        if (!_resources.Exists(r => r is Coverage && r.Id == coverageId))
        {
            _resources.Add(new Coverage
            {
                Id = coverageId,
                Status = FinancialResourceStatusCodes.Active,
                SubscriberId = memberId,
                Beneficiary = new ResourceReference("Patient/" + patient),
                Payor = [new ResourceReference("Organization/" + PayerId)],
                Period = new Period(new FhirDateTime(Date(coverageStart ?? new DateOnly(2024, 1, 1))), null),
            });
        }

        if (authOnFile is { } auth && authNumber is not null)
        {
            _resources.Add(new ClaimResponse
            {
                Id = $"pa-{n:D5}",
                Status = FinancialResourceStatusCodes.Active,
                Use = ClaimUseCode.Preauthorization,
                Patient = new ResourceReference("Patient/" + patient),
                Insurer = new ResourceReference("Organization/" + PayerId),
                Outcome = ClaimProcessingCodes.Complete,
                PreAuthRef = authNumber,
                PreAuthPeriod = new Period(new FhirDateTime(Date(auth.Start)), new FhirDateTime(Date(auth.End))),
                AddItem = [new ClaimResponse.AddedItemComponent { ProductOrService = new CodeableConcept(Cpt, auth.Code) }],
            });
        }

        var diagnoses = lines.Select(l => l.Dx).Distinct(StringComparer.Ordinal).ToList();
        var claim = new Claim
        {
            Id = id,
            Status = FinancialResourceStatusCodes.Active,
            Use = ClaimUseCode.Claim,
            Patient = new ResourceReference("Patient/" + patient),
            Created = receivedOnEobOnly ? null : Date(dos.AddDays(lagDays)),
            Insurer = new ResourceReference("Organization/" + PayerId),
            Provider = new ResourceReference("Organization/org-test-practice"),
            CareTeam = [new Claim.CareTeamComponent { Sequence = 1, Provider = new ResourceReference("Practitioner/pr-test-render"), Role = new CodeableConcept("http://terminology.hl7.org/CodeSystem/claimcareteamrole", "primary") }],
            Diagnosis = [.. diagnoses.Select((d, i) => new Claim.DiagnosisComponent { Sequence = i + 1, Diagnosis = new CodeableConcept(Icd10, d) })],
            Insurance = [new Claim.InsuranceComponent { Sequence = 1, Focal = true, Coverage = new ResourceReference("Coverage/" + coverageId), PreAuthRef = authNumber is null ? [] : [authNumber] }],
            Item = [.. lines.Select((l, i) => new Claim.ItemComponent
            {
                Sequence = i + 1,
                DiagnosisSequence = [diagnoses.IndexOf(l.Dx) + 1],
                ProductOrService = new CodeableConcept(Cpt, l.Code),
                Modifier = [.. (l.Modifiers ?? []).Select(m => new CodeableConcept(Cpt, m))],
                Serviced = new Date(Date(dos)),
                Location = new CodeableConcept(Pos, l.Pos),
                Quantity = new Quantity { Value = l.Units },
                Net = new Money { Value = 100, Currency = Money.Currencies.USD },
            })],
        };
        if (referring)
        {
            claim.CareTeam.Add(new Claim.CareTeamComponent { Sequence = 2, Provider = new ResourceReference("Practitioner/pr-test-refer"), Role = new CodeableConcept("http://terminology.hl7.org/CodeSystem/claimcareteamrole", "referring") });
        }

        _resources.Add(claim);
        if (adjudicated)
        {
            var eob = Eob($"eob-{n:D5}", id, patient, dos.AddDays(lagDays + 10), lines);
            if (receivedOnEobOnly)
            {
                eob.SupportingInfo.Add(new ExplanationOfBenefit.SupportingInformationComponent
                {
                    Sequence = 1,
                    Category = new CodeableConcept("http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBSupportingInfoType", "clmrecvddate"),
                    Timing = new Date(Date(dos.AddDays(lagDays))),
                });
            }

            _resources.Add(eob);
        }

        return id;
    }

    /// <summary>Adds a further EOB for a claim (a later version of the decision).</summary>
    public void AddEob(string eobId, string claimId, string patient, DateOnly created, IReadOnlyList<TestLine> lines) =>
        _resources.Add(Eob(eobId, claimId, patient, created, lines));

    /// <summary>An EOB whose claim is not in the history.</summary>
    public void OrphanEob(string eobId, DateOnly created) =>
        _resources.Add(Eob(eobId, "c-missing", "p-00001", created, [new TestLine("99999", Denial: "CO-18")]));

    private ExplanationOfBenefit Eob(string eobId, string claimId, string patient, DateOnly created, IReadOnlyList<TestLine> lines) => new()
    {
        Id = eobId,
        Status = ExplanationOfBenefit.ExplanationOfBenefitStatus.Active,
        Use = ClaimUseCode.Claim,
        Outcome = ClaimProcessingCodes.Complete,
        Patient = new ResourceReference("Patient/" + patient),
        Insurer = new ResourceReference("Organization/" + PayerId),
        Claim = new ResourceReference("Claim/" + claimId),
        Created = Date(created),
        Item = [.. lines.Select((l, i) => new ExplanationOfBenefit.ItemComponent
        {
            Sequence = i + 1,
            ProductOrService = new CodeableConcept(Cpt, l.Code),
            Adjudication = l.Denial is { } denial
                ?
                [
                    new ExplanationOfBenefit.AdjudicationComponent { Category = new CodeableConcept(Adjudication, "submitted"), Amount = Usd(100) },
                    new ExplanationOfBenefit.AdjudicationComponent { Category = new CodeableConcept(Carin, "adjustmentreason"), Reason = Reason(denial), Amount = Usd(100) },
                    new ExplanationOfBenefit.AdjudicationComponent { Category = new CodeableConcept(Adjudication, "benefit"), Amount = Usd(0) },
                ]
                :
                [
                    new ExplanationOfBenefit.AdjudicationComponent { Category = new CodeableConcept(Adjudication, "submitted"), Amount = Usd(100) },
                    new ExplanationOfBenefit.AdjudicationComponent { Category = new CodeableConcept(Adjudication, "benefit"), Amount = Usd(80) },
                ],
        })],
    };

    /// <summary>"CO-16/N286" → group, CARC and RARC codings.</summary>
    private static CodeableConcept Reason(string denial)
    {
        var parts = denial.Split('/');
        var groupAndCarc = parts[0].Split('-');
        var concept = new CodeableConcept();
        concept.Coding.Add(new Coding("https://x12.org/codes/claim-adjustment-group-codes", groupAndCarc[0]));
        concept.Coding.Add(new Coding("https://x12.org/codes/claim-adjustment-reason-codes", groupAndCarc[1]));
        if (parts.Length > 1)
        {
            concept.Coding.Add(new Coding("https://x12.org/codes/remittance-advice-remark-codes", parts[1]));
        }

        return concept;
    }

    private static Money Usd(decimal value) => new() { Value = value, Currency = Money.Currencies.USD };

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>A claim line for <see cref="HistoryBuilder"/>: code, the payer's denial ("CO-16/N286", null = paid), modifiers, units, place of service, diagnosis.</summary>
internal sealed record TestLine(string Code, string? Denial = null, string[]? Modifiers = null, int Units = 1, string Pos = "11", string Dx = "K21.1");
