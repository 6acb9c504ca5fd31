using System.Globalization;
using System.Text;
using Hl7.Fhir.Model;
using static FhirApp.Core.Scrubbing.Synthetic.SyntheticResources;

namespace FhirApp.Core.Scrubbing.Synthetic;

/// <summary>
/// A deterministic synthetic practice for benchmarks and the scrubbing corpus test: patients, coverages, practitioners,
/// the demo payers (fhir-fixtures ids, so the shipped payer policies apply), claims, prior authorizations and notes.
/// Clean claims are built to pass every check the scrubber makes (active coverage over the date of service, auth on
/// file for anything a payer might list, billable ICD-10 codes, pointers on every line, 25 where an E/M meets a
/// procedure, no NCCI pairs, units of 1, filing well inside the limit, valid NPIs and places of service, timed
/// psychotherapy notes); with <see cref="SyntheticClaimOptions.DefectProbability"/> a claim gets exactly one known defect.
/// Small on purpose: the full practice simulator is `fhirapp synth`.
/// </summary>
public static class SyntheticClaimGenerator
{
    private const string Surgeon = "pr-susan-patel";
    private const string Psychologist = "pr-david-kim";
    private const string Referring = "pr-syn-referring";
    private const string BadNpiProvider = "pr-syn-invalid-npi";

    private static readonly InjectedDefect[] AllDefects = Enum.GetValues<InjectedDefect>();

    private static readonly string[] Payers = ["org-payer-acme", "org-payer-bluepeak", "org-payer-medicare"];

    private static readonly string[] FamilyNames = ["Garcia", "Smith", "Nguyen", "Johnson", "Patel", "Brown", "Kim", "Lopez", "Miller", "Davis", "Wilson", "Clark"];

    private static readonly string[] GivenNames = ["Ana", "Ben", "Chloe", "David", "Elena", "Frank", "Grace", "Hiro", "Irene", "Jamal", "Kate", "Luis"];

    /// <summary>The category a finding for this defect should carry.</summary>
    public static FindingCategory CategoryOf(InjectedDefect defect) => defect switch
    {
        InjectedDefect.NoCoverage or InjectedDefect.CoverageEnded => FindingCategory.Eligibility,
        InjectedDefect.MissingAuth => FindingCategory.PriorAuthorization,
        InjectedDefect.IcdHeaderCode or InjectedDefect.MissingDiagnosisPointer => FindingCategory.Coding,
        InjectedDefect.MissingModifier25 or InjectedDefect.NcciPairWithoutModifier => FindingCategory.Modifiers,
        InjectedDefect.UnitsOverMue => FindingCategory.Units,
        InjectedDefect.FilingLimitPassed => FindingCategory.TimelyFiling,
        InjectedDefect.Duplicate => FindingCategory.Duplicate,
        InjectedDefect.InvalidNpi or InjectedDefect.InvalidPlaceOfService => FindingCategory.MissingInformation,
        InjectedDefect.PsychotherapyNoteWithoutTimes => FindingCategory.Documentation,
        _ => throw new ArgumentOutOfRangeException(nameof(defect), defect, null),
    };

    public static SyntheticCorpus Generate(SyntheticClaimOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Claims);
        var builder = new Builder(options);
        builder.Run();
        return new SyntheticCorpus(builder.Resources, builder.Truth, options.Today);
    }

    /// <summary>A valid 10-digit NPI: nine digits plus the Luhn check digit computed over "80840" + the nine.</summary>
    internal static string Npi(int nineDigits)
    {
        var body = (100_000_000 + (nineDigits % 900_000_000)).ToString(CultureInfo.InvariantCulture);
        return body + LuhnCheckDigit("80840" + body).ToString(CultureInfo.InvariantCulture);
    }

    private static int LuhnCheckDigit(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            // Doubling starts from the rightmost digit of the payload, as the check digit will sit after it.
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return (10 - (sum % 10)) % 10;
    }

    private enum Template
    {
        OfficeVisit,
        Psychotherapy45,
        Psychotherapy60,
        VisitWithInjection,
        KneeXray,
        Arthroscopy,
    }

    /// <summary>One generation run; not shared between threads.</summary>
    private sealed class Builder(SyntheticClaimOptions options)
    {
        // Seeded System.Random is the point: the corpus must be reproducible, not unpredictable.
#pragma warning disable CA5394
        private readonly Random _random = new(options.Seed);
#pragma warning restore CA5394
        private readonly IReadOnlyList<InjectedDefect> _defects = options.Defects is { Count: > 0 } d ? d : AllDefects;
        private int _claimNumber;
        private int _authNumber;

        public List<Resource> Resources { get; } = [];

        public List<InjectedError> Truth { get; } = [];

        public void Run()
        {
            AddSharedResources();
            var patientNumber = 0;
            while (_claimNumber < options.Claims)
            {
                patientNumber++;
                AddPatient(patientNumber, Math.Min(Next(1, 4), options.Claims - _claimNumber));
            }
        }

        private int Next(int min, int maxExclusive) => _random.Next(min, maxExclusive);

        private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

        private void AddSharedResources()
        {
            Resources.Add(SyntheticResources.Organization(Practice, "Riverside Orthopedics & Specialty Care", "prov", "1703849269"));
            Resources.Add(SyntheticResources.Organization("org-payer-acme", "Acme Health Plan", "pay", null));
            Resources.Add(SyntheticResources.Organization("org-payer-bluepeak", "BluePeak Blue Cross", "pay", null));
            Resources.Add(SyntheticResources.Organization("org-payer-medicare", "Medicare Part B", "pay", null));
            Resources.Add(SyntheticResources.Practitioner(Surgeon, "Patel", "Susan", "1847293051"));
            Resources.Add(SyntheticResources.Practitioner(Psychologist, "Kim", "David", "1560938270"));
            Resources.Add(SyntheticResources.Practitioner(Referring, "Osei", "Kwame", Npi(437_118_220)));
            var valid = Npi(512_904_331);
            // Last digit shifted: the format is right, the Luhn check fails.
            Resources.Add(SyntheticResources.Practitioner(BadNpiProvider, "Moreau", "Luc", valid[..9] + (char)('0' + ((valid[9] - '0' + 1) % 10))));
        }

        private void AddPatient(int number, int claims)
        {
            // Half the patients with Acme, whose policy file ships with the repository (filing limit, auth list).
            var payer = _random.Next(2) == 0 ? Payers[0] : Pick(Payers[1..]);
            var medicare = payer == "org-payer-medicare";
            var patientId = $"syn-p-{number:D6}";
            var birth = new DateOnly(medicare ? Next(1940, 1960) : Next(1950, 2000), Next(1, 13), Next(1, 29));
            Resources.Add(new Patient
            {
                Id = patientId,
                Active = true,
                Identifier = [new Identifier("https://riverside-ortho.example/fhir/mrn", $"SYN-{number:D6}")],
                Name = [new HumanName { Use = HumanName.NameUse.Official, Family = Pick(FamilyNames), Given = [Pick(GivenNames)] }],
                Gender = _random.Next(2) == 0 ? AdministrativeGender.Female : AdministrativeGender.Male,
                BirthDate = birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            });
            var coverageId = $"syn-cov-{number:D6}";
            Resources.Add(SyntheticResources.Coverage(coverageId, patientId, payer, SubscriberId(payer), new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)));

            // Dates of service 16 days apart, so the ±7-day note window never lends one claim's note to another.
            var slot = 0;
            for (var i = 0; i < claims && _claimNumber < options.Claims; i++)
            {
                var defect = _random.NextDouble() < options.DefectProbability ? DrawDefect(payer) : (InjectedDefect?)null;
                var dos = options.Today.AddDays(-5 - (16 * slot++) - Next(0, 3));
                if (defect == InjectedDefect.FilingLimitPassed)
                {
                    // Past Acme's 90 days, and still on or after its policy's 2026-01-01 start.
                    dos = options.Today.AddDays(-Next(95, 150));
                }

                // The original of a duplicate is clean; the copy sent again later carries the defect.
                var (claim, claimId, created) = AddClaim(patientId, coverageId, payer, dos, defect == InjectedDefect.Duplicate ? null : defect);
                if (defect is { } injected && injected != InjectedDefect.Duplicate)
                {
                    Truth.Add(new InjectedError(claimId, injected, CategoryOf(injected)));
                }

                if (defect == InjectedDefect.Duplicate && _claimNumber < options.Claims)
                {
                    // Same patient, codes, date, provider and modifiers; a new claim number, no frequency code 7 or 8.
                    var copy = (Claim)claim.DeepCopy();
                    var copyId = NextClaimId();
                    copy.Id = copyId;
                    copy.Identifier = [new Identifier("https://riverside-ortho.example/fhir/claim-number", copyId.ToUpperInvariant())];
                    var resent = created.AddDays(7);
                    copy.Created = Date(resent > options.Today ? options.Today : resent);
                    Resources.Add(copy);
                    Truth.Add(new InjectedError(copyId, InjectedDefect.Duplicate, FindingCategory.Duplicate));
                }
            }
        }

        private InjectedDefect DrawDefect(string payer)
        {
            // Auth and filing defects need the payer whose policy the repository ships (Acme): they are drawn only for
            // Acme patients, three times as often, so that every category ends up with a comparable number of claims.
            var acme = payer == "org-payer-acme";
            var weighted = _defects
                .Where(d => acme || d is not (InjectedDefect.MissingAuth or InjectedDefect.FilingLimitPassed))
                .SelectMany(d => acme && d is InjectedDefect.MissingAuth or InjectedDefect.FilingLimitPassed ? [d, d, d] : new[] { d })
                .ToList();
            return weighted.Count == 0 ? _defects[0] : Pick(weighted);
        }

        private string NextClaimId() => $"syn-claim-{++_claimNumber:D7}";

        private (Claim Claim, string Id, DateOnly Created) AddClaim(string patientId, string coverageId, string payer, DateOnly dos, InjectedDefect? defect)
        {
            var template = defect switch
            {
                InjectedDefect.MissingAuth or InjectedDefect.MissingModifier25 => Template.VisitWithInjection,
                InjectedDefect.NcciPairWithoutModifier => Template.Arthroscopy,
                InjectedDefect.UnitsOverMue => Template.Psychotherapy45,
                InjectedDefect.PsychotherapyNoteWithoutTimes => Template.Psychotherapy60,
                InjectedDefect.IcdHeaderCode => _random.Next(2) == 0 ? Template.OfficeVisit : Template.Psychotherapy45,
                _ => Pick([Template.OfficeVisit, Template.OfficeVisit, Template.Psychotherapy45, Template.Psychotherapy60, Template.VisitWithInjection, Template.KneeXray]),
            };
            var id = NextClaimId();
            var created = dos.AddDays(Next(1, 4));
            if (created > options.Today)
            {
                created = options.Today;
            }

            var lines = Lines(template, defect);
            var diagnoses = Diagnoses(template, defect);
            var rendering = defect == InjectedDefect.InvalidNpi ? BadNpiProvider
                : template is Template.Psychotherapy45 or Template.Psychotherapy60 ? Psychologist : Surgeon;
            var pos = defect == InjectedDefect.InvalidPlaceOfService ? Pick(["00", "30", "98"])
                : template == Template.Arthroscopy ? "24" : "11";
            var claim = new Claim
            {
                Id = id,
                Identifier = [new Identifier("https://riverside-ortho.example/fhir/claim-number", id.ToUpperInvariant())],
                Status = FinancialResourceStatusCodes.Active,
                Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/claim-type", "professional"),
                Use = ClaimUseCode.Claim,
                Patient = new ResourceReference("Patient/" + patientId),
                BillablePeriod = new Period(new FhirDateTime(Date(dos)), new FhirDateTime(Date(dos))),
                Created = Date(created),
                Insurer = new ResourceReference("Organization/" + payer),
                Provider = new ResourceReference("Organization/" + Practice),
                Priority = new CodeableConcept("http://terminology.hl7.org/CodeSystem/processpriority", "normal"),
                CareTeam = [SyntheticResources.CareTeam(1, rendering, "primary")],
                Diagnosis = [.. diagnoses.Select((code, i) => new Claim.DiagnosisComponent
                {
                    Sequence = i + 1,
                    Diagnosis = new CodeableConcept(Icd10, code),
                })],
            };
            if (template == Template.KneeXray)
            {
                // Imaging needs its ordering provider on the claim.
                claim.CareTeam.Add(SyntheticResources.CareTeam(2, Referring, "referring"));
            }

            var sequence = 0;
            decimal total = 0;
            foreach (var line in lines)
            {
                var item = new Claim.ItemComponent
                {
                    Sequence = ++sequence,
                    CareTeamSequence = [1],
                    DiagnosisSequence = defect == InjectedDefect.MissingDiagnosisPointer && sequence == lines.Count ? [] : [.. Enumerable.Range(1, diagnoses.Count).Select(n => (int?)n)],
                    ProductOrService = new CodeableConcept(Cpt, line.Code),
                    Modifier = [.. line.Modifiers.Select(m => new CodeableConcept(m.Length == 2 && char.IsLetter(m[0]) ? Hcpcs : Cpt, m))],
                    Serviced = new Date(Date(dos)),
                    Location = new CodeableConcept(PosSystem, pos),
                    Quantity = new Quantity { Value = line.Units },
                    UnitPrice = new Money { Value = line.Price, Currency = Money.Currencies.USD },
                    Net = new Money { Value = line.Price * line.Units, Currency = Money.Currencies.USD },
                };
                total += line.Price * line.Units;
                claim.Item.Add(item);
            }

            claim.Total = new Money { Value = total, Currency = Money.Currencies.USD };
            var coverage = defect switch
            {
                InjectedDefect.NoCoverage => null,
                InjectedDefect.CoverageEnded => AddEndedCoverage(patientId, payer, dos),
                _ => coverageId,
            };
            if (coverage is not null)
            {
                claim.Insurance = [new Claim.InsuranceComponent { Sequence = 1, Focal = true, Coverage = new ResourceReference("Coverage/" + coverage) }];
            }

            // Anything a payer might put on its auth list gets an approved authorization, except the injected defect.
            if (template is Template.VisitWithInjection or Template.Arthroscopy or Template.Psychotherapy60 && defect != InjectedDefect.MissingAuth)
            {
                var authRef = AddAuthorization(patientId, coverageId, payer, dos, lines[^1].Code, lines);
                foreach (var insurance in claim.Insurance)
                {
                    insurance.PreAuthRef = [authRef];
                }
            }

            Resources.Add(claim);
            if (NoteFor(template, defect, dos) is { } text)
            {
                AddNote(id, patientId, rendering, dos, text);
            }

            return (claim, id, created);
        }

        private sealed record Line(string Code, string[] Modifiers, decimal Units, decimal Price);

        private List<Line> Lines(Template template, InjectedDefect? defect) => template switch
        {
            Template.OfficeVisit => [new Line(Pick(["99213", "99214"]), [], 1, 150m)],
            Template.Psychotherapy45 => [new Line("90834", [], defect == InjectedDefect.UnitsOverMue ? 3 : 1, 140m)],
            Template.Psychotherapy60 => [new Line("90837", [], 1, 190m)],
            Template.VisitWithInjection =>
            [
                new Line("99213", defect == InjectedDefect.MissingModifier25 ? [] : ["25"], 1, 150m),
                new Line("20610", ["RT"], 1, 250m),
            ],
            Template.KneeXray => [new Line("73562", ["RT"], 1, 95m)],
            Template.Arthroscopy =>
            [
                new Line("29881", ["RT"], 1, 2400m),
                new Line("29877", ["RT"], 1, 900m),
            ],
            _ => throw new ArgumentOutOfRangeException(nameof(template)),
        };

        private List<string> Diagnoses(Template template, InjectedDefect? defect)
        {
            // Header codes: M17.1 (unilateral primary OA of knee) and F33 (recurrent MDD) are categories, not billable.
            return template switch
            {
                Template.OfficeVisit => [defect == InjectedDefect.IcdHeaderCode ? "M17.1" : Pick(["M17.11", "M25.561"])],
                Template.Psychotherapy45 => [defect == InjectedDefect.IcdHeaderCode ? "F33" : "F33.1"],
                Template.Psychotherapy60 => ["F33.1", "F41.1"],
                Template.VisitWithInjection => ["M17.11"],
                Template.KneeXray => ["M25.561"],
                Template.Arthroscopy => ["M23.221", "M94.261"],
                _ => throw new ArgumentOutOfRangeException(nameof(template)),
            };
        }

        private string AddEndedCoverage(string patientId, string payer, DateOnly dos)
        {
            var id = $"syn-cov-ended-{_claimNumber:D7}";
            Resources.Add(SyntheticResources.Coverage(id, patientId, payer, SubscriberId(payer), new DateOnly(2025, 1, 1), dos.AddDays(-Next(1, 60))));
            return id;
        }

        private string AddAuthorization(string patientId, string coverageId, string payer, DateOnly dos, string code, List<Line> lines)
        {
            var number = ++_authNumber;
            var authRef = $"AUTH-{number:D7}";
            var requestId = $"syn-pa-{number:D7}";
            // The request carries the authorized codes and units; the response carries the number and the approved dates.
            Resources.Add(new Claim
            {
                Id = requestId,
                Status = FinancialResourceStatusCodes.Active,
                Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/claim-type", "professional"),
                Use = ClaimUseCode.Preauthorization,
                Patient = new ResourceReference("Patient/" + patientId),
                Created = Date(dos.AddDays(-14)),
                Insurer = new ResourceReference("Organization/" + payer),
                Provider = new ResourceReference("Organization/" + Practice),
                Priority = new CodeableConcept("http://terminology.hl7.org/CodeSystem/processpriority", "normal"),
                Insurance = [new Claim.InsuranceComponent { Sequence = 1, Focal = true, Coverage = new ResourceReference("Coverage/" + coverageId) }],
                Item = [.. lines.Select((l, i) => new Claim.ItemComponent
                {
                    Sequence = i + 1,
                    ProductOrService = new CodeableConcept(Cpt, l.Code),
                    Quantity = new Quantity { Value = l.Units },
                })],
            });
            Resources.Add(new ClaimResponse
            {
                Id = $"syn-par-{number:D7}",
                Status = FinancialResourceStatusCodes.Active,
                Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/claim-type", "professional"),
                Use = ClaimUseCode.Preauthorization,
                Patient = new ResourceReference("Patient/" + patientId),
                Created = Date(dos.AddDays(-10)),
                Insurer = new ResourceReference("Organization/" + payer),
                Request = new ResourceReference("Claim/" + requestId),
                Outcome = ClaimProcessingCodes.Complete,
                Disposition = $"Approved: {code}",
                PreAuthRef = authRef,
                PreAuthPeriod = new Period(new FhirDateTime(Date(dos.AddDays(-10))), new FhirDateTime(Date(dos.AddDays(80)))),
                AddItem = [.. lines.Select(l => new ClaimResponse.AddedItemComponent
                {
                    ProductOrService = new CodeableConcept(Cpt, l.Code),
                    Quantity = new Quantity { Value = l.Units },
                    Adjudication = [new ClaimResponse.AdjudicationComponent
                    {
                        Category = new CodeableConcept("http://terminology.hl7.org/CodeSystem/adjudication", "eligible"),
                        Value = l.Units,
                    }],
                })],
            });
            return authRef;
        }

        private static string? NoteFor(Template template, InjectedDefect? defect, DateOnly dos)
        {
            var date = Date(dos);
            return template switch
            {
                Template.Psychotherapy60 => defect == InjectedDefect.PsychotherapyNoteWithoutTimes
                    ? $"PSYCHOTHERAPY PROGRESS NOTE\nDate of service: {date}\nService: Individual psychotherapy\nSubjective: low mood, poor sleep. PHQ-9 15.\nInterventions: Cognitive behavioral therapy, cognitive restructuring.\nAssessment: Major depressive disorder, recurrent, moderate (F33.1); generalized anxiety disorder (F41.1).\nPlan: Continue weekly psychotherapy.\n"
                    : $"PSYCHOTHERAPY PROGRESS NOTE\nDate of service: {date}\nService: Individual psychotherapy\nSession start time: 10:00. Session end time: 10:58. Total face-to-face psychotherapy time: 58 minutes.\nSubjective: low mood, poor sleep. PHQ-9 15.\nInterventions: Cognitive behavioral therapy, cognitive restructuring.\nAssessment: Major depressive disorder, recurrent, moderate (F33.1); generalized anxiety disorder (F41.1).\nPlan: Continue weekly psychotherapy.\n",
                Template.VisitWithInjection =>
                    $"ORTHOPEDIC FOLLOW-UP VISIT\nDate of service: {date}\nSubjective: Right knee pain for 8 months. Completed 6 weeks of supervised physical therapy and 4 months of naproxen without improvement (failed conservative therapy).\nObjective: Right knee effusion, medial joint line tenderness.\nAssessment: Primary osteoarthritis of the right knee (M17.11).\nProcedure: Right knee joint injection, 40 mg triamcinolone with lidocaine, after informed consent and time-out.\nSeparately identifiable E/M: history, exam and management of worsening osteoarthritis and medication review, distinct from the injection.\n",
                Template.KneeXray =>
                    $"ORTHOPEDIC VISIT\nDate of service: {date}\nRight knee pain for 3 months despite 6 weeks of home exercises and NSAIDs (failed conservative therapy). X-ray right knee, 3 views, ordered by the referring physician.\nAssessment: Pain in right knee (M25.561).\n",
                Template.Arthroscopy =>
                    $"OPERATIVE NOTE\nDate of surgery: {date}\nProcedure: Right knee arthroscopy with partial medial meniscectomy; chondroplasty of the medial femoral condyle (same compartment).\nFailed 3 months of physical therapy before surgery.\n",
                _ => null,
            };
        }

        private void AddNote(string claimId, string patientId, string author, DateOnly dos, string text) =>
            Resources.Add(new DocumentReference
            {
                Id = "syn-doc-" + claimId["syn-claim-".Length..],
                Status = DocumentReferenceStatus.Current,
                DocStatus = CompositionStatus.Final,
                Type = new CodeableConcept("http://loinc.org", "11506-3", "Progress note"),
                Subject = new ResourceReference("Patient/" + patientId),
                Date = new DateTimeOffset(dos.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero),
                Author = [new ResourceReference("Practitioner/" + author)],
                Custodian = new ResourceReference("Organization/" + Practice),
                Content = [new DocumentReference.ContentComponent
                {
                    Attachment = new Attachment { ContentType = "text/plain; charset=utf-8", Data = Encoding.UTF8.GetBytes(text) },
                }],
                Context = new DocumentReference.ContextComponent
                {
                    Period = new Period(new FhirDateTime(Date(dos)), null),
                    Related = [new ResourceReference("Claim/" + claimId)],
                },
            });

        private string SubscriberId(string payer) => payer switch
        {
            "org-payer-acme" => "ACM" + SyntheticResources.Digits(_random, 9),
            "org-payer-bluepeak" => "BPK" + SyntheticResources.Digits(_random, 9),
            _ => SyntheticResources.Mbi(_random),
        };

        private static string Date(DateOnly date) => SyntheticResources.Date(date);
    }
}
