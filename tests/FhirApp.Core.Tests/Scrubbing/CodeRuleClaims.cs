using System.Globalization;
using FhirApp.Core.Claims;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Rules;
using FhirApp.Core.Scrubbing.Tables;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Tests.Scrubbing;

/// <summary>
/// Builds small claims for the code-level rule tests from Firely POCOs, through PatientRecord and ClaimContextBuilder as
/// production does. Lines are written compactly so a theory row reads like a claim: "20610-RT-59 x2 @2026-03-10 #1,2"
/// (code, modifiers, units, date of service, diagnosis pointers; all but the code optional).
/// </summary>
internal sealed class CodeRuleClaims
{
    public const string CptSystem = "http://www.ama-assn.org/go/cpt";
    public const string HcpcsSystem = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";

    /// <summary>The default date of service of every claim built here.</summary>
    public static readonly DateOnly Dos = new(2026, 3, 10);

    private static readonly Lazy<CodeTables> StarterTables = new(() => CodeTableLoader.Load(ContentDirectory));

    private readonly List<string> _diagnoses = [];
    private readonly List<string> _lines = [];
    private readonly List<(DateOnly Date, string[] Lines)> _earlier = [];
    private string? _birthDate = "1970-05-01";
    private AdministrativeGender? _gender = AdministrativeGender.Female;
    private PayerPolicyVersion? _policy;
    private CodeTables _tables = Starter;
    private string? _system;

    /// <summary>The project's shipped starter tables, read from the source tree (no dependence on the copy to bin/).</summary>
    public static CodeTables Starter => StarterTables.Value;

    public static string ContentDirectory => Path.Combine(FhirFixtures.RepositoryRoot, "src", "FhirApp.Core", "Scrubbing", "Content");

    /// <summary>A claim with the given diagnoses (ICD-10-CM, dots allowed; "" for a diagnosis without a code) and lines.</summary>
    public static CodeRuleClaims With(string diagnoses, params string[] lines)
    {
        var claim = new CodeRuleClaims();
        claim._diagnoses.AddRange(diagnoses.Split(',', StringSplitOptions.TrimEntries).Where(d => diagnoses.Length > 0));
        claim._lines.AddRange(lines);
        return claim;
    }

    public CodeRuleClaims Patient(string? birthDate, AdministrativeGender? gender)
    {
        _birthDate = birthDate;
        _gender = gender;
        return this;
    }

    /// <summary>An earlier claim of the same patient (same pointers rules apply; its lines default to its date).</summary>
    public CodeRuleClaims Earlier(DateOnly date, params string[] lines)
    {
        _earlier.Add((date, lines));
        return this;
    }

    public CodeRuleClaims Policy(PayerPolicyVersion policy)
    {
        _policy = policy;
        return this;
    }

    public CodeRuleClaims Tables(CodeTables tables)
    {
        _tables = tables;
        return this;
    }

    /// <summary>Codes every line in this system (default: CPT for numeric codes, HCPCS for letters).</summary>
    public CodeRuleClaims System(string system)
    {
        _system = system;
        return this;
    }

    public ScrubInput Input()
    {
        var resources = new List<Resource>
        {
            new Patient
            {
                Id = "p1",
                BirthDate = _birthDate,
                Gender = _gender,
            },
            new Organization { Id = "org-payer", Name = "Test Payer" },
        };
        for (var i = 0; i < _earlier.Count; i++)
        {
            resources.Add(BuildClaim($"c0-{i}", _earlier[i].Date, ["M17.11"], _earlier[i].Lines));
        }
        resources.Add(BuildClaim("c1", Dos, _diagnoses, _lines));
        var record = PatientRecord.Create(resources);
        var context = new ClaimContextBuilder().Build(record, "c1") ?? throw new InvalidOperationException("claim c1 not built");
        var payer = _policy is null ? null : new PayerPolicy { PayerId = "org-payer", Name = "Test Payer", Versions = [_policy] };
        return new ScrubInput(context, ClaimFacts.From(context), payer, _policy, _tables, Dos.AddDays(5));
    }

    public IReadOnlyList<ScrubFinding> Run(IScrubRule rule) => [.. rule.Evaluate(Input())];

    /// <summary>The rule ids found, comma-separated in order ("" for none): compact to compare in a theory.</summary>
    public string RuleIds(IScrubRule rule) => string.Join(",", Run(rule).Select(f => f.RuleId));

    private Claim BuildClaim(string id, DateOnly dos, List<string> diagnoses, IReadOnlyList<string> lines)
    {
        var claim = new Claim
        {
            Id = id,
            Status = FinancialResourceStatusCodes.Active,
            Use = ClaimUseCode.Claim,
            Patient = new ResourceReference("Patient/p1"),
            Insurer = new ResourceReference("Organization/org-payer"),
            Created = dos.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            BillablePeriod = new Period { Start = Iso(dos), End = Iso(dos) },
        };
        for (var i = 0; i < diagnoses.Count; i++)
        {
            claim.Diagnosis.Add(new Claim.DiagnosisComponent
            {
                Sequence = i + 1,
                Diagnosis = new CodeableConcept("http://hl7.org/fhir/sid/icd-10-cm", diagnoses[i]),
            });
        }
        for (var i = 0; i < lines.Count; i++)
        {
            claim.Item.Add(Line(i + 1, lines[i], dos, diagnoses.Count));
        }
        return claim;
    }

    private Claim.ItemComponent Line(int sequence, string spec, DateOnly dos, int diagnosisCount)
    {
        var parts = spec.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var codeAndModifiers = parts[0].Split('-');
        var code = codeAndModifiers[0];
        var units = 1m;
        var date = dos;
        List<int>? pointers = null;
        foreach (var part in parts.Skip(1))
        {
            switch (part[0])
            {
                case 'x':
                    units = decimal.Parse(part[1..], CultureInfo.InvariantCulture);
                    break;
                case '@':
                    date = DateOnly.Parse(part[1..], CultureInfo.InvariantCulture);
                    break;
                case '#':
                    pointers = part.Length == 1 ? [] : [.. part[1..].Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture))];
                    break;
                default:
                    throw new ArgumentException($"Unknown line part '{part}' in '{spec}'.", nameof(spec));
            }
        }
        var item = new Claim.ItemComponent
        {
            Sequence = sequence,
            ProductOrService = new CodeableConcept(_system ?? (code.Length > 0 && char.IsAsciiLetter(code[0]) ? HcpcsSystem : CptSystem), code),
            Serviced = new Date(Iso(date)),
            Quantity = new Quantity { Value = units },
            DiagnosisSequence = [.. (pointers ?? (diagnosisCount > 0 ? [1] : [])).Select(p => (int?)p)],
        };
        foreach (var modifier in codeAndModifiers.Skip(1))
        {
            item.Modifier.Add(new CodeableConcept(CptSystem, modifier));
        }
        return item;
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
