using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Synthetic;
using Hl7.Fhir.Model;
using static FhirApp.Core.Scrubbing.Synthetic.SyntheticResources;

namespace FhirApp.Core.Scoring.Synthetic;

/// <summary>
/// `fhirapp synth --randomized`: a practice the project has never seen. Everything the default simulator fixes is drawn
/// from the seed: payer names, ids and member-id formats; the services billed (procedure codes drawn from realistic
/// ranges, some real and some not) and the diagnoses (ICD-10-CM-shaped codes, "unspecified" ones ending in 9); which
/// denial mechanisms each payer uses and their parameters (filing limit, auth-required codes and auth validity,
/// referring-provider codes, non-covered codes, covered-diagnosis lists, unspecified-diagnosis rejection, modifier
/// requirements, bundled pairs, unit caps, frequency limits, place-of-service restrictions, member-id formats, silent
/// coverage lapse), some starting or stopping mid-history; the practice's process failure rates, note styles and
/// volumes. The truth of every mechanism goes to mechanisms.json, and per denied claim the mechanism that denied it and
/// whether that cause was visible in the claim, its coverage and the history goes to causes.csv.
/// <para>
/// A matching claim is denied with the mechanism's strictness; every mechanism that fires denies its line (or the
/// claim), and the reason recorded is the one on the first denied line, as the denial labeler reads it. Payer noise
/// (a reviewer's call, an attachment request) is the invisible part. Claims submitted in the last
/// <see cref="FutureDays"/> days are "future" (not adjudicated): the benchmark scrubs them.
/// </para>
/// </summary>
internal static class RandomizedPracticeSimulator
{
    /// <summary>Claims submitted within this many days of the export day are future (not yet adjudicated).</summary>
    public const int FutureDays = 60;

    private const string Adjudication = "http://terminology.hl7.org/CodeSystem/adjudication";
    private const string CarinDiscriminator = "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudicationDiscriminator";
    private const string GroupSystem = "https://x12.org/codes/claim-adjustment-group-codes";
    private const string CarcSystem = "https://x12.org/codes/claim-adjustment-reason-codes";
    private const string RarcSystem = "https://x12.org/codes/remittance-advice-remark-codes";
    private const string Site = "https://practice.example/fhir";

    public static SimulatedPractice Simulate(PracticeSimulatorOptions options, RuleBook rules)
    {
        var run = new Run(options, rules);
        run.Go();
        return new SimulatedPractice(run.History, run.Future, run.Truth, options.Today, run.MechanismTruth());
    }

    private enum Kind
    {
        EvaluationManagement,
        Procedure,
        Imaging,
        Lab,
        Therapy,
        Psychotherapy,
        Injection,
        Anesthesia,
    }

    private sealed record Condition(List<string> Specific, string Unspecified);

    private sealed class Service
    {
        public required string Code { get; init; }

        public required Kind Kind { get; init; }

        public required decimal Price { get; init; }

        public bool Lateral { get; init; }

        public required string Pos { get; init; }

        public string? AltPos { get; init; }

        public int UsualUnits { get; init; } = 1;

        public required List<Condition> Conditions { get; init; }

        /// <summary>How often the practice asks for prior authorization for this service, unprompted.</summary>
        public double AuthHabit { get; init; }

        public bool Ordered => Kind is Kind.Imaging or Kind.Lab or Kind.Therapy;
    }

    private sealed record VisitType(List<Service> Services, double Weight, int IntervalMin, int IntervalMax);

    private sealed class Mech
    {
        public required string Shape { get; init; }

        public required SimPayer Payer { get; init; }

        public string? Code { get; init; }

        public string? OtherCode { get; init; }

        public List<string>? Diagnoses { get; init; }

        public List<string>? Pos { get; init; }

        public List<string>? Modifiers { get; init; }

        public int? Days { get; init; }

        public decimal? MaxUnits { get; init; }

        public int? Months { get; init; }

        public double? Hazard { get; init; }

        public string? Pattern { get; init; }

        public required double Strictness { get; init; }

        public required string Group { get; init; }

        public required string Carc { get; init; }

        public string? Rarc { get; init; }

        public DateOnly? From { get; set; }

        public DateOnly? To { get; set; }

        public int Matches { get; set; }

        public int Denials { get; set; }

        public bool ActiveOn(DateOnly dos) => (From is not { } f || dos >= f) && (To is not { } t || dos <= t);
    }

    private sealed class SimPayer
    {
        public required string Id { get; init; }

        public required string Name { get; init; }

        public required double Weight { get; init; }

        public required int IdFormat { get; init; }

        public required string IdPrefix { get; init; }

        public required Regex IdPattern { get; init; }

        public required string IdPatternText { get; init; }

        public required int AuthValidityDays { get; init; }

        public required double Noise { get; init; }

        public required decimal AllowedFactor { get; init; }

        public List<Mech> Mechanisms { get; } = [];

        public Mech? Find(string shape, string? code = null) =>
            Mechanisms.Find(m => m.Shape == shape && (code is null || m.Code == code));
    }

    private sealed record Provider(string Id, string Family, string Given, string Npi, double Sloppiness, int ExtraLag, int NoteStyle);

    private sealed class Cov
    {
        public required string Id { get; init; }

        public required SimPayer Payer { get; init; }

        public required string SubscriberId { get; init; }

        public required DateOnly Start { get; init; }

        public required DateOnly End { get; set; }

        /// <summary>The day the payer silently ended the coverage (coverage-lapse), unknown to the practice.</summary>
        public DateOnly? LapsedAfter { get; init; }

        /// <summary>When the payer's eligibility denials for this coverage were adjudicated.</summary>
        public List<DateOnly> EligibilityDenials { get; } = [];
    }

    private sealed record AuthOnFile(string Code, string Number, DateOnly Start, DateOnly End, string PayerId);

    private sealed class PatientState
    {
        public required string Id { get; init; }

        public List<Cov> Coverages { get; } = [];

        public Dictionary<string, DateOnly> LastService { get; } = new(StringComparer.Ordinal);

        public List<AuthOnFile> Auths { get; } = [];
    }

    private sealed class Line
    {
        public required Service Service { get; init; }

        public List<string> Modifiers { get; } = [];

        public int Units { get; set; } = 1;

        public required string Pos { get; set; }

        public required string Diagnosis { get; set; }

        public string? AuthNumber { get; set; }

        public bool AuthValid { get; set; }
    }

    /// <summary>One way the claim can be denied; Line null = the whole claim.</summary>
    private sealed record Hit(Mech? Mechanism, string Group, string Carc, string? Rarc, double Probability, int? Line, bool Visible, string Name);

    private sealed class Run(PracticeSimulatorOptions options, RuleBook rules)
    {
        // Seeded System.Random is the point: the practice must be reproducible, not unpredictable.
#pragma warning disable CA5394
        private readonly Random _random = new(options.Seed * 7919 + 17);
#pragma warning restore CA5394
        private readonly List<SimPayer> _payers = [];
        private readonly List<Service> _services = [];
        private readonly List<VisitType> _visitTypes = [];
        private readonly List<Provider> _providers = [];
        private readonly List<Provider> _referring = [];
        private readonly List<Resource> _roster = [];
        private readonly List<Resource> _history = [];
        private readonly List<Resource> _future = [];
        private readonly HashSet<string> _usedCodes = new(StringComparer.Ordinal);
        private readonly HashSet<string> _usedIds = new(StringComparer.Ordinal);
        private string _practiceId = "";
        private int _claimNumber;
        private int _authNumber;
        private int _coverageNumber;

        // The practice's habits (process failure rates before each provider's sloppiness).
        private double _pLate;
        private double _pNoReferring;
        private double _pReuseAuth;
        private double _pAuthNotOnClaim;
        private double _p25;
        private double _pLaterality;
        private double _pAnesthesiaModifier;
        private double _p59;
        private double _pExtraUnits;
        private double _pAltPos;
        private double _pUnspecified;
        private double _pIdTypo;
        private double _pStale;
        private double _pDuplicate;
        private double _pReverify;
        private double _noteRate;

        public List<Resource> History => [.. _roster, .. _history];

        public List<Resource> Future => [.. _roster, .. _future];

        public List<SimulatedClaimTruth> Truth { get; } = [];

        private DateOnly WindowStart => options.Today.AddMonths(-options.Months);

        private int Span => options.Today.DayNumber - WindowStart.DayNumber;

        public void Go()
        {
            DrawHabits();
            AddPractice();
            AddServices();
            AddVisitTypes();
            AddPayers();
            for (var p = 1; p <= options.Patients; p++)
            {
                AddPatient(p);
            }
        }

        public List<SimulatedMechanism> MechanismTruth() => [.. _payers.SelectMany(p => p.Mechanisms).Select(m => new SimulatedMechanism
        {
            PayerId = m.Payer.Id,
            PayerName = m.Payer.Name,
            Mechanism = m.Shape,
            Code = m.Code,
            OtherCode = m.OtherCode,
            Diagnoses = m.Diagnoses,
            PlacesOfService = m.Pos,
            Modifiers = m.Modifiers,
            Days = m.Days,
            MaxUnits = m.MaxUnits,
            Months = m.Months,
            MonthlyHazard = m.Hazard is { } h ? Math.Round(h, 3) : null,
            Pattern = m.Pattern,
            Strictness = Math.Round(m.Strictness, 3),
            Carc = m.Group + "-" + m.Carc,
            Rarc = m.Rarc,
            From = m.From,
            To = m.To,
            HistoryMatches = m.Matches,
            HistoryDenials = m.Denials,
        })];

        private double U() => _random.NextDouble();

        private int Next(int min, int maxExclusive) => _random.Next(min, maxExclusive);

        private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

        private double Between(double low, double high) => low + ((high - low) * U());

        private List<T> Sample<T>(IReadOnlyList<T> items, int count)
        {
            var pool = items.ToList();
            var taken = new List<T>();
            while (taken.Count < count && pool.Count > 0)
            {
                var item = Pick(pool);
                pool.Remove(item);
                taken.Add(item);
            }

            return taken;
        }

        private void DrawHabits()
        {
            _pLate = Between(0.015, 0.05);
            _pNoReferring = Between(0.05, 0.22);
            _pReuseAuth = Between(0.3, 0.7);
            _pAuthNotOnClaim = Between(0.01, 0.05);
            _p25 = Between(0.75, 0.95);
            _pLaterality = Between(0.8, 0.97);
            _pAnesthesiaModifier = Between(0.8, 0.97);
            _p59 = Between(0.15, 0.6);
            _pExtraUnits = Between(0.05, 0.2);
            _pAltPos = Between(0.04, 0.15);
            _pUnspecified = Between(0.01, 0.06);
            _pIdTypo = Between(0.005, 0.03);
            _pStale = Between(0.1, 0.3);
            _pDuplicate = Between(0.002, 0.008);
            _pReverify = Between(0.4, 0.85);
            _noteRate = Between(0.3, 0.95);
        }

        private static readonly string[] NameStarts =
        [
            "Granite", "Harbor", "Prairie", "Cascade", "Lakeshore", "Pioneer", "Keystone", "Redwood", "Bayou", "Mesa", "Tri-County",
            "Heartland", "Northstar", "Evergreen", "Riverbend", "Coastal", "Sierra", "Magnolia", "Frontier", "Piedmont", "Ozark", "Tidewater",
        ];

        private static readonly string[] NameMiddles = ["Health", "Care", "Community", "Mutual", "Family", "Medicaid", "Advantage", "Blue", "United", "Valley"];

        private static readonly string[] NameEnds = ["Plan", "Partners", "Health Plan", "Insurance", "Alliance", "Network", "Choice", "Cooperative"];

        private static readonly string[] Families = ["Okafor", "Lindqvist", "Hernandez", "Tanaka", "Brennan", "Iyer", "Kowalski", "Mensah", "Duarte", "Novak", "Haddad", "Whitfield", "Abernathy", "Sato", "Quinn"];

        private static readonly string[] Givens = ["Amara", "Tobias", "Ingrid", "Rafael", "Yuki", "Declan", "Nadia", "Omar", "Lucia", "Viktor", "Priya", "Ezra", "Hana", "Mateo", "Zoe"];

        private string NewId(string prefix)
        {
            const string alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
            while (true)
            {
                var id = prefix + new string([.. Enumerable.Range(0, 6).Select(_ => alphabet[Next(0, alphabet.Length)])]);
                if (_usedIds.Add(id))
                {
                    return id;
                }
            }
        }

        private void AddPractice()
        {
            _practiceId = NewId("org-prac-");
            _roster.Add(SyntheticResources.Organization(_practiceId, $"{Pick(NameStarts)} {Pick(["Medical Group", "Family Practice", "Specialty Care", "Clinic", "Physicians"])}", "prov",
                SyntheticClaimGenerator.Npi(Next(100_000_000, 999_999_999))));
            var count = Next(3, 8);
            for (var i = 0; i < count; i++)
            {
                var provider = new Provider(NewId("pr-"), Pick(Families), Pick(Givens), SyntheticClaimGenerator.Npi(Next(100_000_000, 999_999_999)),
                    Math.Round(Math.Exp(Between(-0.5, 0.5)), 2), Next(0, 5), Next(0, 3));
                _providers.Add(provider);
                _roster.Add(SyntheticResources.Practitioner(provider.Id, provider.Family, provider.Given, provider.Npi));
            }

            var referring = Next(1, 4);
            for (var i = 0; i < referring; i++)
            {
                var provider = new Provider(NewId("pr-ext-"), Pick(Families), Pick(Givens), SyntheticClaimGenerator.Npi(Next(100_000_000, 999_999_999)), 1, 0, 0);
                _referring.Add(provider);
                _roster.Add(SyntheticResources.Practitioner(provider.Id, provider.Family, provider.Given, provider.Npi));
            }
        }

        // Codes only (no descriptors): common real codes of each kind, mixed with codes drawn from the kind's range.
        private static readonly Dictionary<Kind, (string[] Real, int Low, int High)> CodePools = new()
        {
            [Kind.EvaluationManagement] = (["99202", "99203", "99204", "99212", "99213", "99214", "99215"], 0, 0),
            [Kind.Procedure] = (["20610", "20611", "29881", "29880", "11042", "17110", "11721", "64483", "62323", "20552", "27447", "43239", "45380", "66984"], 10021, 69990),
            [Kind.Imaging] = (["73721", "73562", "72148", "70450", "71046", "73030", "76700", "77067", "72110", "74177"], 70010, 76999),
            [Kind.Lab] = (["80053", "85025", "83036", "80061", "84443", "81001", "87804", "82947"], 80047, 89398),
            [Kind.Therapy] = (["97110", "97140", "97530", "97112", "97116", "97035", "97161", "97014"], 97010, 97799),
            [Kind.Psychotherapy] = (["90832", "90834", "90837", "90791", "90847", "90853"], 0, 0),
            [Kind.Injection] = (["96372", "20600", "20605", "J3301", "J1030", "J1100"], 0, 0),
            [Kind.Anesthesia] = (["01402", "01400", "00400", "01810", "00790", "00840", "01480"], 100, 1999),
        };

        private string DrawCode(Kind kind)
        {
            var (real, low, high) = CodePools[kind];
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var code = high > 0 && U() < 0.5
                    ? Next(low, high + 1).ToString("D5", CultureInfo.InvariantCulture)
                    : Pick(real);
                if (_usedCodes.Add(code))
                {
                    return code;
                }
            }

            throw new InvalidOperationException($"No unused {kind} code left.");
        }

        private List<Condition> DrawConditions()
        {
            var letters = "MFRJKGILHN";
            // The starter ICD-10-CM table lists a few categories with header codes and sex / age limits; stay clear of them.
            var taken = rules.Codes.Icd10.Keys.Where(k => k.Length >= 3).Select(k => k[..3]).ToHashSet(StringComparer.Ordinal);
            var conditions = new List<Condition>();
            var count = Next(7, 13);
            while (conditions.Count < count)
            {
                var category = $"{letters[Next(0, letters.Length)]}{Next(0, 100):D2}";
                if (taken.Contains(category) || !_usedCodes.Add("dx:" + category))
                {
                    continue;
                }

                var specific = new List<string>();
                var size = Next(3, 6);
                var deeper = U() < 0.5;
                while (specific.Count < size)
                {
                    var code = deeper ? $"{category}.{Next(0, 9)}{Next(1, 9)}" : $"{category}.{Next(1, 9)}";
                    if (!specific.Contains(code))
                    {
                        specific.Add(code);
                    }
                }

                conditions.Add(new Condition(specific, deeper ? $"{category}.{specific[0][4]}9" : $"{category}.9"));
            }

            return conditions;
        }

        private void AddServices()
        {
            var conditions = DrawConditions();
            void Add(Kind kind, int count, Func<Service> make)
            {
                for (var i = 0; i < count; i++)
                {
                    _services.Add(make());
                }
            }

            List<Condition> Some(int n) => Sample(conditions, n);
            Add(Kind.EvaluationManagement, Next(2, 4), () => new Service
            {
                Code = DrawCode(Kind.EvaluationManagement), Kind = Kind.EvaluationManagement, Price = Next(90, 260), Pos = "11",
                AltPos = U() < 0.6 ? "02" : null, Conditions = Some(3),
            });
            Add(Kind.Procedure, Next(2, 6), () => new Service
            {
                Code = DrawCode(Kind.Procedure), Kind = Kind.Procedure, Price = Next(200, 3200), Lateral = U() < 0.5, Pos = U() < 0.5 ? "11" : "24",
                AltPos = Pick(["22", "24", "11", "19"]), Conditions = Some(Next(1, 3)), AuthHabit = Between(0.5, 0.95),
            });
            Add(Kind.Imaging, Next(1, 4), () => new Service
            {
                Code = DrawCode(Kind.Imaging), Kind = Kind.Imaging, Price = Next(80, 1500), Lateral = U() < 0.5, Pos = "11", AltPos = "22",
                Conditions = Some(Next(1, 3)), AuthHabit = Between(0.4, 0.95),
            });
            Add(Kind.Lab, Next(0, 4), () => new Service
            {
                Code = DrawCode(Kind.Lab), Kind = Kind.Lab, Price = Next(15, 120), Pos = "11", AltPos = "81", UsualUnits = Next(1, 3),
                Conditions = Some(2),
            });
            Add(Kind.Therapy, Next(0, 4), () => new Service
            {
                Code = DrawCode(Kind.Therapy), Kind = Kind.Therapy, Price = Next(30, 60), Pos = "11", AltPos = U() < 0.5 ? "12" : "02",
                UsualUnits = Next(2, 5), Conditions = Some(Next(1, 3)), AuthHabit = Between(0.3, 0.9),
            });
            Add(Kind.Psychotherapy, Next(0, 4), () => new Service
            {
                Code = DrawCode(Kind.Psychotherapy), Kind = Kind.Psychotherapy, Price = Next(110, 220), Pos = "11", AltPos = U() < 0.5 ? "02" : "10",
                Conditions = Some(Next(1, 3)), AuthHabit = Between(0.05, 0.5),
            });
            Add(Kind.Injection, Next(0, 3), () => new Service
            {
                Code = DrawCode(Kind.Injection), Kind = Kind.Injection, Price = Next(25, 300), Lateral = U() < 0.3, Pos = "11",
                UsualUnits = Next(1, 4), Conditions = Some(Next(1, 3)), AuthHabit = Between(0.05, 0.6),
            });
            Add(Kind.Anesthesia, Next(0, 3), () => new Service
            {
                Code = DrawCode(Kind.Anesthesia), Kind = Kind.Anesthesia, Price = Next(400, 1400), Pos = Pick(["22", "24"]), AltPos = "11",
                Conditions = Some(Next(1, 3)), AuthHabit = Between(0.1, 0.7),
            });
        }

        private void AddVisitTypes()
        {
            var em = _services.Where(s => s.Kind == Kind.EvaluationManagement).ToList();
            var procedures = _services.Where(s => s.Kind == Kind.Procedure).ToList();
            foreach (var service in _services)
            {
                switch (service.Kind)
                {
                    case Kind.EvaluationManagement:
                        _visitTypes.Add(new VisitType([service], 2.0, 30, 120));
                        break;
                    case Kind.Procedure:
                        _visitTypes.Add(new VisitType([service], 0.8, 60, 200));
                        if (U() < 0.6)
                        {
                            _visitTypes.Add(new VisitType([Pick(em), service], 1.2, 45, 150));
                        }

                        var others = procedures.Where(p => p != service).ToList();
                        if (others.Count > 0 && U() < 0.45)
                        {
                            _visitTypes.Add(new VisitType([service, Pick(others)], 0.6, 60, 200));
                        }

                        break;
                    case Kind.Imaging:
                        _visitTypes.Add(new VisitType([service], 1.1, 40, 180));
                        break;
                    case Kind.Lab:
                        _visitTypes.Add(new VisitType([service], 0.9, 30, 120));
                        break;
                    case Kind.Therapy:
                        var partner = _services.Where(s => s.Kind == Kind.Therapy && s != service).ToList();
                        _visitTypes.Add(new VisitType(partner.Count > 0 && U() < 0.4 ? [service, Pick(partner)] : [service], 1.3, 5, 21));
                        break;
                    case Kind.Psychotherapy:
                        _visitTypes.Add(new VisitType([service], 1.4, 7, 30));
                        break;
                    case Kind.Injection:
                        _visitTypes.Add(new VisitType(U() < 0.5 ? [Pick(em), service] : [service], 0.9, 20, 90));
                        break;
                    default:
                        _visitTypes.Add(new VisitType([service], 0.5, 90, 300));
                        break;
                }
            }
        }

        private void AddPayers()
        {
            var count = Next(3, 7);
            var names = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                string name;
                do
                {
                    name = $"{Pick(NameStarts)} {Pick(NameMiddles)} {Pick(NameEnds)}";
                }
                while (!names.Add(name));

                var format = Next(0, 5);
                var prefix = new string([.. Enumerable.Range(0, Next(2, 4)).Select(_ => (char)('A' + Next(0, 26)))]);
                var (patternText, _) = IdFormat(format, prefix);
                var payer = new SimPayer
                {
                    Id = U() < 0.5 ? NewId("org-") : "pyr-" + Next(10000, 99999).ToString(CultureInfo.InvariantCulture),
                    Name = name,
                    Weight = Math.Exp(Between(-1.2, 1.0)),
                    IdFormat = format,
                    IdPrefix = prefix,
                    IdPattern = new Regex(patternText, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)),
                    IdPatternText = patternText,
                    AuthValidityDays = Next(60, 181),
                    Noise = Between(0.01, 0.03),
                    AllowedFactor = (decimal)Math.Round(Between(0.55, 0.85), 2),
                };
                _payers.Add(payer);
                _roster.Add(SyntheticResources.Organization(payer.Id, payer.Name, "pay", null));
                DrawMechanisms(payer);
            }
        }

        /// <summary>The member-id format's regular expression, and an id drawn in it.</summary>
        private (string Pattern, string Id) IdFormat(int format, string prefix) => format switch
        {
            0 => ($"^{prefix}[0-9]{{9}}$", prefix + Digits(_random, 9)),
            1 => ("^[0-9]{10}$", Next(1, 10).ToString(CultureInfo.InvariantCulture) + Digits(_random, 9)),
            2 => ($"^{prefix[0]}[0-9]{{8}}[A-Z]{{2}}$", prefix[0] + Digits(_random, 8) + (char)('A' + Next(0, 26)) + (char)('A' + Next(0, 26))),
            3 => ("^[1-9][A-Z][A-Z0-9][0-9][A-Z][A-Z0-9][0-9][A-Z]{2}[0-9]{2}$", Mbi(_random)),
            _ => ($"^{prefix}[0-9]{{6}}-[0-9]{{2}}$", prefix + Digits(_random, 6) + "-" + Digits(_random, 2)),
        };

        private string MemberId(SimPayer payer) => IdFormat(payer.IdFormat, payer.IdPrefix).Id;

        private (string Group, string Carc, string? Rarc) PickReason(params (string Group, string Carc, string? Rarc)[] choices) => Pick(choices);

        private void DrawMechanisms(SimPayer payer)
        {
            List<Service> Of(params Kind[] kinds) => _services.Where(s => kinds.Contains(s.Kind)).ToList();
            void Add(string shape, double strictness, (string Group, string Carc, string? Rarc) reason, string? code = null, string? other = null,
                List<string>? dx = null, List<string>? pos = null, List<string>? modifiers = null, int? days = null, decimal? maxUnits = null,
                int? months = null, double? hazard = null, string? pattern = null, bool dated = true)
            {
                var mech = new Mech
                {
                    Shape = shape, Payer = payer, Code = code, OtherCode = other, Diagnoses = dx, Pos = pos, Modifiers = modifiers, Days = days,
                    MaxUnits = maxUnits, Months = months, Hazard = hazard, Pattern = pattern, Strictness = strictness,
                    Group = reason.Group, Carc = reason.Carc, Rarc = reason.Rarc,
                };
                // Some rules start or stop mid-history (a new policy, a dropped requirement).
                var x = U();
                if (dated && x < 0.12)
                {
                    mech.From = WindowStart.AddDays((int)(Span * Between(0.3, 0.55)));
                }
                else if (dated && x < 0.2)
                {
                    mech.To = WindowStart.AddDays((int)(Span * Between(0.35, 0.6)));
                }

                payer.Mechanisms.Add(mech);
            }

            Add("coverage-terminated", 0.92, ("PR", "27", null), dated: false);
            Add("duplicate", 0.95, ("OA", "18", null), dated: false);
            if (U() < 0.85)
            {
                Add("filing-limit", Between(0.93, 1), ("CO", "29", null), days: U() < 0.6 ? Pick([60, 90, 90, 95, 120, 180, 365]) : Next(60, 366), dated: false);
            }

            if (U() < 0.6)
            {
                Add("member-id-format", Between(0.8, 0.98), PickReason(("CO", "31", null), ("CO", "16", "N382"), ("CO", "140", null)), pattern: payer.IdPatternText, dated: false);
            }

            if (U() < 0.4)
            {
                Add("coverage-lapse", 0.95, PickReason(("PR", "27", "N30"), ("CO", "27", null)), months: Next(3, 10), hazard: Between(0.005, 0.025), dated: false);
            }

            if (U() < 0.35)
            {
                Add("unspecified-diagnosis", Between(0.75, 0.95), PickReason(("CO", "16", "M76"), ("CO", "146", null), ("CO", "11", null)), pattern: "final character 9");
            }

            var authable = Of(Kind.Procedure, Kind.Imaging, Kind.Therapy, Kind.Injection, Kind.Anesthesia);
            if (U() < 0.75)
            {
                var reason = PickReason(("CO", "197", null), ("CO", "197", "N54"), ("CO", "15", null));
                foreach (var s in Sample(authable, Next(1, 4)))
                {
                    Add("auth-required", Between(0.75, 0.98), reason, code: s.Code, days: payer.AuthValidityDays);
                }
            }

            if (U() < 0.6)
            {
                var candidates = Of(Kind.Imaging, Kind.Lab, Kind.Therapy);
                var reason = PickReason(("CO", "16", "N286"), ("CO", "16", "N264"), ("CO", "16", "N290"));
                foreach (var s in Sample(candidates.Count > 0 ? candidates : Of(Kind.Procedure), Next(1, 3)))
                {
                    Add("referring-required", Between(0.8, 0.98), reason, code: s.Code);
                }
            }

            if (U() < 0.4)
            {
                var s = Pick(_services.Where(s => s.Kind != Kind.EvaluationManagement).ToList());
                Add("non-covered", Between(0.85, 1), PickReason(("CO", "96", "N130"), ("PR", "204", null), ("CO", "96", null)), code: s.Code);
            }

            if (U() < 0.5)
            {
                var reason = PickReason(("CO", "50", null), ("CO", "11", null), ("CO", "167", null));
                foreach (var s in Sample(_services.Where(s => s.Kind != Kind.EvaluationManagement).ToList(), Next(1, 3)))
                {
                    var all = s.Conditions.SelectMany(c => c.Specific).ToList();
                    var covered = Sample(all, Math.Max(1, (int)Math.Round(all.Count * Between(0.4, 0.75)))).Order(StringComparer.Ordinal).ToList();
                    Add("covered-diagnoses", Between(0.8, 0.95), reason, code: s.Code, dx: covered);
                }
            }

            if (U() < 0.55)
            {
                var families = new List<(List<Service> Codes, List<string> Modifiers)>();
                var emWithProcedure = _visitTypes.Where(v => v.Services.Count > 1 && v.Services[0].Kind == Kind.EvaluationManagement).Select(v => v.Services[0]).Distinct().ToList();
                if (emWithProcedure.Count > 0)
                {
                    families.Add((emWithProcedure, ["25"]));
                }

                if (_services.Where(s => s.Lateral).ToList() is { Count: > 0 } lateral)
                {
                    families.Add((Sample(lateral, Next(1, 4)), ["RT", "LT", "50"]));
                }

                if (Of(Kind.Anesthesia) is { Count: > 0 } anesthesia)
                {
                    families.Add((anesthesia, ["AA", "QK", "QX", "QY", "QZ"]));
                }

                if (families.Count > 0)
                {
                    var (codes, modifiers) = Pick(families);
                    var strictness = Between(0.8, 0.97);
                    foreach (var s in codes)
                    {
                        Add("modifier-required", strictness, ("CO", "4", null), code: s.Code, modifiers: modifiers);
                    }
                }
            }

            var pairs = _visitTypes.Where(v => v.Services.Count == 2 && v.Services.All(s => s.Kind is Kind.Procedure or Kind.Therapy)).ToList();
            if (pairs.Count > 0 && U() < 0.5)
            {
                var reason = PickReason(("CO", "97", "N20"), ("CO", "236", null), ("CO", "97", null));
                foreach (var v in Sample(pairs, Next(1, 3)))
                {
                    Add("bundled-pair", Between(0.85, 0.97), reason, code: v.Services[1].Code, other: v.Services[0].Code, modifiers: ["59", "XS", "XU"]);
                }
            }

            if (_services.Where(s => s.UsualUnits > 1).ToList() is { Count: > 0 } unitCodes && U() < 0.45)
            {
                foreach (var s in Sample(unitCodes, Next(1, 3)))
                {
                    Add("units-per-day", Between(0.85, 1), PickReason(("CO", "151", null), ("CO", "151", "N362"), ("CO", "119", null)), code: s.Code, maxUnits: Next(Math.Max(1, s.UsualUnits - 2), s.UsualUnits));
                }
            }

            var recurring = _visitTypes.Where(v => v.IntervalMax <= 120).SelectMany(v => v.Services.Select(s => (Service: s, Type: v))).ToList();
            if (recurring.Count > 0 && U() < 0.45)
            {
                foreach (var (s, v) in Sample(recurring.DistinctBy(r => r.Service.Code).ToList(), Next(1, 3)))
                {
                    Add("frequency", Between(0.85, 0.98), PickReason(("CO", "119", "N640"), ("CO", "119", null), ("CO", "151", null)), code: s.Code,
                        days: Next(Math.Max(10, v.IntervalMin), (v.IntervalMin + v.IntervalMax) + 1));
                }
            }

            if (_services.Where(s => s.AltPos is not null).ToList() is { Count: > 0 } posCodes && U() < 0.4)
            {
                foreach (var s in Sample(posCodes, Next(1, 3)))
                {
                    Add("place-of-service", Between(0.8, 0.97), PickReason(("CO", "5", null), ("CO", "58", null)), code: s.Code, pos: [s.Pos]);
                }
            }
        }

        private SimPayer DrawPayer(SimPayer? except = null)
        {
            var choices = _payers.Where(p => p != except).ToList();
            var x = U() * choices.Sum(p => p.Weight);
            foreach (var payer in choices)
            {
                x -= payer.Weight;
                if (x < 0)
                {
                    return payer;
                }
            }

            return choices[^1];
        }

        private Cov NewCoverage(PatientState patient, SimPayer payer, DateOnly start, DateOnly end)
        {
            DateOnly? lapse = null;
            if (payer.Find("coverage-lapse") is { Months: { } months, Hazard: { } hazard })
            {
                var month = months;
                while (month < 60 && lapse is null)
                {
                    if (U() < hazard)
                    {
                        lapse = start.AddMonths(month).AddDays(Next(0, 28));
                    }

                    month++;
                }
            }

            var coverage = new Cov
            {
                Id = $"cov-{++_coverageNumber:D7}",
                Payer = payer,
                SubscriberId = MemberId(payer),
                Start = start,
                End = end,
                LapsedAfter = lapse,
            };
            patient.Coverages.Add(coverage);
            _roster.Add(SyntheticResources.Coverage(coverage.Id, patient.Id, payer.Id, coverage.SubscriberId, start, end));
            return coverage;
        }

        private void AddPatient(int number)
        {
            var patient = new PatientState { Id = $"pt-{number:D6}" };
            _roster.Add(new Patient
            {
                Id = patient.Id,
                Active = true,
                Identifier = [new Identifier(Site + "/mrn", $"MRN{number:D7}")],
                Name = [new HumanName { Use = HumanName.NameUse.Official, Family = Pick(Families), Given = [Pick(Givens)] }],
                Gender = U() < 0.5 ? AdministrativeGender.Female : AdministrativeGender.Male,
                BirthDate = SyntheticResources.Date(new DateOnly(Next(1940, 2006), Next(1, 13), Next(1, 29))),
            });

            // Coverage began up to three years before the window; one patient in eight changes plan during it.
            var payer = DrawPayer();
            var first = NewCoverage(patient, payer, WindowStart.AddDays(-Next(0, 1100)), options.Today.AddYears(1));
            if (U() < 0.125 && _payers.Count > 1)
            {
                var end = WindowStart.AddDays(Next(30, Math.Max(31, Span - 20)));
                first.End = end;
                _roster[_roster.FindLastIndex(r => r.Id == first.Id)] = SyntheticResources.Coverage(first.Id, patient.Id, payer.Id, first.SubscriberId, first.Start, end);
                if (U() < 0.75)
                {
                    NewCoverage(patient, DrawPayer(payer), end.AddDays(1), options.Today.AddYears(1));
                }
            }

            var plan = Sample(_visitTypes, U() < 0.6 ? 1 : 2);
            var provider = Pick(_providers);
            var dos = WindowStart.AddDays(Next(0, 60));
            while (dos <= options.Today)
            {
                var coverage = patient.Coverages.LastOrDefault(c => c.Start <= dos && dos <= c.End);
                if (coverage is null && U() < 0.85)
                {
                    break;
                }

                var type = plan.Count == 1 || U() < plan[0].Weight / (plan[0].Weight + plan[1].Weight) ? plan[0] : plan[1];
                AddVisit(patient, U() < 0.2 ? Pick(_providers) : provider, type, dos);
                dos = dos.AddDays(Next(type.IntervalMin, type.IntervalMax + 1));
            }
        }

        private void AddVisit(PatientState patient, Provider provider, VisitType type, DateOnly dos)
        {
            var s = provider.Sloppiness;
            var active = patient.Coverages.LastOrDefault(c => c.Start <= dos && dos <= c.End);
            var coverage = active ?? patient.Coverages[0];
            var stale = active is null;
            if (patient.Coverages.Count > 1 && active == patient.Coverages[^1] && patient.Coverages[0].End < dos && U() < Math.Min(0.9, _pStale * s))
            {
                coverage = patient.Coverages.First(c => c.End < dos);
                stale = true;
            }

            var payer = coverage.Payer;
            // Charge lag: a few days, the provider's own extra days, and now and then a claim held for weeks or months.
            var lag = Next(1, 7) + provider.ExtraLag;
            if (U() < _pLate * s)
            {
                lag = Next(30, 400);
            }

            var submission = dos.AddDays(lag);
            var isHistory = submission.AddDays(FutureDays) <= options.Today;
            var created = submission <= options.Today ? submission : options.Today;
            var claimId = $"claim-{++_claimNumber:D7}";
            var target = isHistory ? _history : _future;

            // A re-registration with a mistyped member id bills a coverage whose id is out of the payer's format.
            if (U() < _pIdTypo * s)
            {
                var typo = coverage.SubscriberId.Length > 4 && U() < 0.6 ? coverage.SubscriberId[..^1] : "0" + coverage.SubscriberId[1..] + "7";
                coverage = new Cov { Id = $"{coverage.Id}-r{_claimNumber}", Payer = payer, SubscriberId = typo, Start = coverage.Start, End = coverage.End, LapsedAfter = coverage.LapsedAfter };
                _roster.Add(SyntheticResources.Coverage(coverage.Id, patient.Id, payer.Id, typo, coverage.Start, coverage.End));
            }

            var lines = PlanLines(type, s, dos, patient, payer, target, coverage);
            var referring = type.Services.Any(x => x.Ordered) ? U() >= _pNoReferring * s : U() < 0.1;
            var hits = Hits(patient, coverage, payer, dos, created, submission, lines, referring, stale);

            var claim = BuildClaim(claimId, patient.Id, coverage, provider, referring ? Pick(_referring) : null, dos, created, lines);
            target.Add(claim);
            if (U() < _noteRate)
            {
                target.Add(Note(claimId, patient.Id, provider, dos, lines));
            }

            foreach (var line in lines)
            {
                patient.LastService[line.Service.Code] = dos;
            }

            Realize(claimId, patient, coverage, payer, dos, submission, isHistory, claim, lines, hits);

            // Now and then the claim is sent again a couple of weeks later without checking its status: a duplicate.
            if (isHistory && U() < _pDuplicate * s)
            {
                var copyId = $"claim-{++_claimNumber:D7}";
                var copy = (Claim)claim.DeepCopy();
                copy.Id = copyId;
                copy.Identifier = [new Identifier(Site + "/claim-number", copyId.ToUpperInvariant())];
                var resent = submission.AddDays(Next(10, 20));
                copy.Created = SyntheticResources.Date(resent <= options.Today ? resent : options.Today);
                var copyHistory = resent.AddDays(FutureDays) <= options.Today;
                (copyHistory ? _history : _future).Add(copy);
                var duplicate = payer.Find("duplicate")!;
                Realize(copyId, patient, coverage, payer, dos, resent, copyHistory, copy, lines,
                    [new Hit(duplicate, duplicate.Group, duplicate.Carc, null, duplicate.Strictness, null, true, duplicate.Shape)]);
            }
        }

        private List<Line> PlanLines(VisitType type, double s, DateOnly dos, PatientState patient, SimPayer payer, List<Resource> target, Cov coverage)
        {
            var lines = new List<Line>();
            string? shared = null;
            foreach (var service in type.Services)
            {
                var condition = Pick(service.Conditions);
                var dx = U() < _pUnspecified * s ? condition.Unspecified : Pick(condition.Specific);
                var pool = service.Conditions.SelectMany(c => c.Specific.Append(c.Unspecified)).ToList();
                if (shared is not null && pool.Contains(shared) && U() < 0.7)
                {
                    dx = shared;
                }

                shared ??= dx;
                var line = new Line { Service = service, Pos = U() < _pAltPos * s && service.AltPos is { } alt ? alt : service.Pos, Diagnosis = dx };
                if (service.UsualUnits > 1)
                {
                    line.Units = Next(1, service.UsualUnits + 1) + (U() < _pExtraUnits * s ? Next(1, 3) : 0);
                }

                if (service.Lateral && U() < _pLaterality / Math.Max(1, s * 0.9))
                {
                    line.Modifiers.Add(U() < 0.5 ? "RT" : "LT");
                }

                if (service.Kind == Kind.Anesthesia)
                {
                    if (U() < _pAnesthesiaModifier / Math.Max(1, s * 0.9))
                    {
                        line.Modifiers.Add(Pick(["AA", "QK", "QZ"]));
                    }

                    line.Modifiers.Add(Pick(["P1", "P2", "P3"]));
                }

                lines.Add(line);
            }

            // Modifier 25 on an E/M billed with a procedure; 59 on the second of two procedures.
            if (lines.Count > 1 && lines[0].Service.Kind == Kind.EvaluationManagement && U() < _p25 / Math.Max(1, s * 0.9))
            {
                lines[0].Modifiers.Insert(0, "25");
            }

            if (lines.Count > 1 && lines[1].Service.Kind is Kind.Procedure or Kind.Therapy && U() < _p59)
            {
                lines[1].Modifiers.Add(Pick(["59", "XS", "XU"]));
            }

            // Prior authorization: reuse an earlier one for the same code, or ask for one out of habit.
            foreach (var line in lines.Where(l => l.Service.AuthHabit > 0))
            {
                var earlier = patient.Auths.LastOrDefault(a => a.Code == line.Service.Code && a.PayerId == payer.Id && a.Start.AddDays(365) >= dos);
                if (earlier is not null && U() < _pReuseAuth)
                {
                    line.AuthNumber = earlier.Number;
                    line.AuthValid = earlier.Start <= dos && dos <= earlier.End;
                }
                else if (U() < line.Service.AuthHabit)
                {
                    var auth = AddAuthorization(target, patient, coverage, payer, dos, line);
                    patient.Auths.Add(auth);
                    line.AuthNumber = auth.Number;
                    line.AuthValid = true;
                }

                if (line.AuthNumber is not null && U() < _pAuthNotOnClaim * s)
                {
                    // Authorized, but the number never reached the claim.
                    line.AuthNumber = null;
                    line.AuthValid = false;
                }
            }

            return lines;
        }

        private static List<Hit> Hits(PatientState patient, Cov coverage, SimPayer payer, DateOnly dos, DateOnly created, DateOnly submission, List<Line> lines, bool referring, bool stale)
        {
            var hits = new List<Hit>();
            void Add(Mech? mech, int? line, bool visible = true)
            {
                if (mech is not null && mech.ActiveOn(dos))
                {
                    hits.Add(new Hit(mech, mech.Group, mech.Carc, mech.Rarc, mech.Strictness, line, visible, mech.Shape));
                }
            }

            if (stale)
            {
                Add(payer.Find("coverage-terminated"), null);
            }

            if (payer.Find("member-id-format") is { } idRule && !payer.IdPattern.IsMatch(coverage.SubscriberId))
            {
                Add(idRule, null);
            }

            if (payer.Find("coverage-lapse") is { } lapse && coverage.LapsedAfter is { } lapsed && dos > lapsed)
            {
                // Visible only once the payer has already denied this coverage for eligibility before this submission.
                Add(lapse, null, coverage.EligibilityDenials.Exists(d => d < submission));
            }

            if (payer.Find("filing-limit") is { Days: { } limit } filing && created.DayNumber - dos.DayNumber > limit)
            {
                Add(filing, null);
            }

            for (var i = 0; i < lines.Count; i++)
            {
                var line = lines[i];
                var code = line.Service.Code;
                Add(payer.Find("non-covered", code), i);
                if (payer.Find("auth-required", code) is { } auth && !(line.AuthNumber is not null && line.AuthValid))
                {
                    Add(auth, i);
                }

                if (!referring)
                {
                    Add(payer.Find("referring-required", code), i);
                }

                if (payer.Find("covered-diagnoses", code) is { } covered && !covered.Diagnoses!.Contains(line.Diagnosis))
                {
                    Add(covered, i);
                }

                if (line.Diagnosis.EndsWith('9'))
                {
                    Add(payer.Find("unspecified-diagnosis"), i);
                }

                if (payer.Find("modifier-required", code) is { } modifier && !line.Modifiers.Exists(modifier.Modifiers!.Contains)
                    && (modifier.Modifiers!.Contains("25") ? lines.Exists(l => l.Service.Kind != Kind.EvaluationManagement) : true))
                {
                    Add(modifier, i);
                }

                if (payer.Mechanisms.Find(m => m.Shape == "bundled-pair" && m.Code == code && lines.Exists(l => l.Service.Code == m.OtherCode)) is { } pair
                    && !line.Modifiers.Exists(pair.Modifiers!.Contains))
                {
                    Add(pair, i);
                }

                if (payer.Find("units-per-day", code) is { MaxUnits: { } max } units && line.Units > max)
                {
                    Add(units, i);
                }

                if (payer.Find("frequency", code) is { Days: { } window } frequency && patient.LastService.TryGetValue(code, out var last) && dos.DayNumber - last.DayNumber < window)
                {
                    Add(frequency, i);
                }

                if (payer.Find("place-of-service", code) is { } pos && !pos.Pos!.Contains(line.Pos))
                {
                    Add(pos, i);
                }
            }

            return hits;
        }

        private static readonly (string Group, string Carc, string? Rarc)[] NoiseReasons =
        [
            ("CO", "50", null), ("CO", "252", null), ("CO", "16", "M51"), ("CO", "22", null), ("CO", "B7", null), ("CO", "96", null),
        ];

        /// <summary>Fires each hit with its probability; every fired one denies its line (or the claim); else payer noise.</summary>
        private void Realize(string claimId, PatientState patient, Cov coverage, SimPayer payer, DateOnly dos, DateOnly submission, bool isHistory, Claim claim, List<Line> lines, List<Hit> hits)
        {
            var pass = 1 - payer.Noise;
            var fired = new List<Hit>();
            foreach (var hit in hits)
            {
                pass *= 1 - hit.Probability;
                var fires = U() < hit.Probability;
                if (fires)
                {
                    fired.Add(hit);
                }

                if (isHistory && hit.Mechanism is { } m)
                {
                    m.Matches++;
                    m.Denials += fires ? 1 : 0;
                }
            }

            if (fired.Count == 0 && U() < payer.Noise)
            {
                var (group, carc, rarc) = Pick(NoiseReasons);
                fired.Add(new Hit(null, group, carc, rarc, 0, null, false, "noise"));
            }

            // The recorded reason is the first denied line's, as the denial labeler reads the remittance.
            var cause = fired.OrderBy(h => h.Line ?? -1).FirstOrDefault();
            var reason = cause is null ? null : cause.Group + "-" + cause.Carc;
            Truth.Add(new SimulatedClaimTruth(claimId, Math.Round(1 - pass, 6), cause is not null, reason, reason is null ? null : ScoringCauses.Of(cause!.Carc),
                !isHistory, payer.Id, cause?.Name, cause?.Visible));
            if (!isHistory)
            {
                return;
            }

            var adjudicated = submission.AddDays(Next(7, 20));
            if (fired.Exists(h => h.Name is "coverage-lapse" or "coverage-terminated"))
            {
                coverage.EligibilityDenials.Add(adjudicated);
                if (U() < _pReverify && coverage.LapsedAfter is { } lapsed && patient.Coverages.Find(c => c.Id == coverage.Id) is { } original
                    && original.End > lapsed && patient.Coverages.Count < 4 && _payers.Count > 1)
                {
                    // The front desk re-verifies after the denial, records the end of the lapsed plan and finds the one the patient moved to.
                    original.End = lapsed;
                    _roster[_roster.FindLastIndex(r => r.Id == original.Id)] =
                        SyntheticResources.Coverage(original.Id, patient.Id, payer.Id, original.SubscriberId, original.Start, lapsed);
                    NewCoverage(patient, DrawPayer(payer), Max(lapsed.AddDays(1), adjudicated), options.Today.AddYears(1));
                }
            }

            Adjudicate(claim, claimId, patient.Id, coverage, payer, dos, submission, adjudicated, lines, fired);
        }

        private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

        private AuthOnFile AddAuthorization(List<Resource> target, PatientState patient, Cov coverage, SimPayer payer, DateOnly dos, Line line)
        {
            var number = ++_authNumber;
            var start = dos.AddDays(-Next(3, 21));
            var auth = new AuthOnFile(line.Service.Code, $"PA{Next(100, 999)}{number:D6}", start, start.AddDays(payer.AuthValidityDays), payer.Id);
            var requestId = $"pa-req-{number:D7}";
            target.Add(new Claim
            {
                Id = requestId,
                Status = FinancialResourceStatusCodes.Active,
                Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/claim-type", "professional"),
                Use = ClaimUseCode.Preauthorization,
                Patient = new ResourceReference("Patient/" + patient.Id),
                Created = SyntheticResources.Date(start.AddDays(-4)),
                Insurer = new ResourceReference("Organization/" + payer.Id),
                Provider = new ResourceReference("Organization/" + _practiceId),
                Priority = new CodeableConcept("http://terminology.hl7.org/CodeSystem/processpriority", "normal"),
                Insurance = [new Claim.InsuranceComponent { Sequence = 1, Focal = true, Coverage = new ResourceReference("Coverage/" + coverage.Id) }],
                Item = [new Claim.ItemComponent { Sequence = 1, ProductOrService = new CodeableConcept(CodeSystemOf(line.Service.Code), line.Service.Code), Quantity = new Quantity { Value = 12 } }],
            });
            target.Add(new ClaimResponse
            {
                Id = $"pa-resp-{number:D7}",
                Status = FinancialResourceStatusCodes.Active,
                Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/claim-type", "professional"),
                Use = ClaimUseCode.Preauthorization,
                Patient = new ResourceReference("Patient/" + patient.Id),
                Created = SyntheticResources.Date(start),
                Insurer = new ResourceReference("Organization/" + payer.Id),
                Request = new ResourceReference("Claim/" + requestId),
                Outcome = ClaimProcessingCodes.Complete,
                Disposition = "Approved",
                PreAuthRef = auth.Number,
                PreAuthPeriod = new Period(new FhirDateTime(SyntheticResources.Date(auth.Start)), new FhirDateTime(SyntheticResources.Date(auth.End))),
            });
            return auth;
        }

        private static string CodeSystemOf(string code) => char.IsLetter(code[0]) ? Hcpcs : Cpt;

        private Claim BuildClaim(string id, string patientId, Cov coverage, Provider provider, Provider? referring, DateOnly dos, DateOnly created, List<Line> lines)
        {
            var diagnoses = lines.Select(l => l.Diagnosis).Distinct(StringComparer.Ordinal).ToList();
            var claim = new Claim
            {
                Id = id,
                Identifier = [new Identifier(Site + "/claim-number", id.ToUpperInvariant())],
                Status = FinancialResourceStatusCodes.Active,
                Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/claim-type", "professional"),
                Use = ClaimUseCode.Claim,
                Patient = new ResourceReference("Patient/" + patientId),
                BillablePeriod = new Period(new FhirDateTime(SyntheticResources.Date(dos)), new FhirDateTime(SyntheticResources.Date(dos))),
                Created = SyntheticResources.Date(created),
                Insurer = new ResourceReference("Organization/" + coverage.Payer.Id),
                Provider = new ResourceReference("Organization/" + _practiceId),
                Priority = new CodeableConcept("http://terminology.hl7.org/CodeSystem/processpriority", "normal"),
                CareTeam = [SyntheticResources.CareTeam(1, provider.Id, "primary")],
                Diagnosis = [.. diagnoses.Select((code, i) => new Claim.DiagnosisComponent { Sequence = i + 1, Diagnosis = new CodeableConcept(Icd10, code) })],
                Insurance = [new Claim.InsuranceComponent { Sequence = 1, Focal = true, Coverage = new ResourceReference("Coverage/" + coverage.Id) }],
            };
            var authRefs = lines.Select(l => l.AuthNumber).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            if (authRefs.Count > 0)
            {
                claim.Insurance[0].PreAuthRef = authRefs;
            }

            if (referring is not null)
            {
                claim.CareTeam.Add(SyntheticResources.CareTeam(2, referring.Id, "referring"));
            }

            decimal total = 0;
            for (var i = 0; i < lines.Count; i++)
            {
                var line = lines[i];
                claim.Item.Add(new Claim.ItemComponent
                {
                    Sequence = i + 1,
                    CareTeamSequence = [1],
                    DiagnosisSequence = [diagnoses.IndexOf(line.Diagnosis) + 1],
                    ProductOrService = new CodeableConcept(CodeSystemOf(line.Service.Code), line.Service.Code),
                    Modifier = [.. line.Modifiers.Select(m => new CodeableConcept(char.IsLetter(m[0]) ? Hcpcs : Cpt, m))],
                    Serviced = new Date(SyntheticResources.Date(dos)),
                    Location = new CodeableConcept(PosSystem, line.Pos),
                    Quantity = new Quantity { Value = line.Units },
                    UnitPrice = new Money { Value = line.Service.Price, Currency = Money.Currencies.USD },
                    Net = new Money { Value = line.Service.Price * line.Units, Currency = Money.Currencies.USD },
                });
                total += line.Service.Price * line.Units;
            }

            claim.Total = new Money { Value = total, Currency = Money.Currencies.USD };
            return claim;
        }

        /// <summary>ClaimResponse and CARIN-style EOB: every fired hit denies its line (or every line), the rest is paid.</summary>
        private void Adjudicate(Claim claim, string claimId, string patientId, Cov coverage, SimPayer payer, DateOnly dos, DateOnly received, DateOnly adjudicated, List<Line> lines, List<Hit> fired)
        {
            var crItems = new List<ClaimResponse.ItemComponent>();
            var eobItems = new List<ExplanationOfBenefit.ItemComponent>();
            decimal submittedTotal = 0, allowedTotal = 0, benefitTotal = 0;
            for (var i = 0; i < lines.Count; i++)
            {
                var line = lines[i];
                var charge = line.Service.Price * line.Units;
                var entries = new List<(string System, string Category, string? Group, string? Carc, string? Rarc, decimal Amount)>
                {
                    (Adjudication, "submitted", null, null, null, charge),
                };
                var denial = fired.Find(h => h.Line is null || h.Line == i);
                decimal allowed = 0, benefit = 0;
                if (denial is not null)
                {
                    entries.Add((CarinDiscriminator, "adjustmentreason", denial.Group, denial.Carc, denial.Rarc, charge));
                }
                else
                {
                    allowed = Math.Round(charge * payer.AllowedFactor, 2);
                    entries.Add((Adjudication, "eligible", null, null, null, allowed));
                    if (charge > allowed)
                    {
                        entries.Add((CarinDiscriminator, "adjustmentreason", "CO", "45", null, charge - allowed));
                    }

                    var patient = line.Service.Kind is Kind.EvaluationManagement or Kind.Psychotherapy ? Math.Min(allowed, 20m) : 0m;
                    if (patient > 0)
                    {
                        entries.Add((Adjudication, "copay", null, null, null, patient));
                        entries.Add((CarinDiscriminator, "adjustmentreason", "PR", "3", null, patient));
                    }

                    benefit = allowed - patient;
                }

                entries.Add((Adjudication, "benefit", null, null, null, benefit));
                submittedTotal += charge;
                allowedTotal += allowed;
                benefitTotal += benefit;
                crItems.Add(new ClaimResponse.ItemComponent
                {
                    ItemSequence = i + 1,
                    Adjudication = [.. entries.Select(e => new ClaimResponse.AdjudicationComponent
                    {
                        Category = new CodeableConcept(e.System, e.Category),
                        Reason = ReasonConcept(e.Group, e.Carc, e.Rarc),
                        Amount = Usd(e.Amount),
                    })],
                });
                eobItems.Add(new ExplanationOfBenefit.ItemComponent
                {
                    Sequence = i + 1,
                    CareTeamSequence = [1],
                    ProductOrService = new CodeableConcept(CodeSystemOf(line.Service.Code), line.Service.Code),
                    Modifier = [.. line.Modifiers.Select(m => new CodeableConcept(char.IsLetter(m[0]) ? Hcpcs : Cpt, m))],
                    Serviced = new Date(SyntheticResources.Date(dos)),
                    Quantity = new Quantity { Value = line.Units },
                    Net = Usd(charge),
                    Adjudication = [.. entries.Select(e => new ExplanationOfBenefit.AdjudicationComponent
                    {
                        Category = new CodeableConcept(e.System, e.Category),
                        Reason = ReasonConcept(e.Group, e.Carc, e.Rarc),
                        Amount = Usd(e.Amount),
                    })],
                });
            }

            var number = claimId["claim-".Length..];
            var disposition = fired.Count == 0 ? "Processed as billed." : "Denied in whole or in part.";
            var crId = "cr-" + number;
            _history.Add(new ClaimResponse
            {
                Id = crId,
                Status = FinancialResourceStatusCodes.Active,
                Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/claim-type", "professional"),
                Use = ClaimUseCode.Claim,
                Patient = new ResourceReference("Patient/" + patientId),
                Created = SyntheticResources.Date(adjudicated),
                Insurer = new ResourceReference("Organization/" + payer.Id),
                Request = new ResourceReference("Claim/" + claimId),
                Outcome = ClaimProcessingCodes.Complete,
                Disposition = disposition,
                Item = crItems,
                Total =
                [
                    new ClaimResponse.TotalComponent { Category = new CodeableConcept(Adjudication, "submitted"), Amount = Usd(submittedTotal) },
                    new ClaimResponse.TotalComponent { Category = new CodeableConcept(Adjudication, "benefit"), Amount = Usd(benefitTotal) },
                ],
            });
            _history.Add(new ExplanationOfBenefit
            {
                Id = "eob-" + number,
                Identifier = [new Identifier(Site + "/payer-claim-control-number", "PCN" + number)],
                Status = ExplanationOfBenefit.ExplanationOfBenefitStatus.Active,
                Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/claim-type", "professional"),
                Use = ClaimUseCode.Claim,
                Patient = new ResourceReference("Patient/" + patientId),
                BillablePeriod = new Period(new FhirDateTime(SyntheticResources.Date(dos)), new FhirDateTime(SyntheticResources.Date(dos))),
                Created = SyntheticResources.Date(adjudicated),
                Insurer = new ResourceReference("Organization/" + payer.Id),
                Provider = new ResourceReference("Organization/" + _practiceId),
                Claim = new ResourceReference("Claim/" + claimId),
                ClaimResponse = new ResourceReference("ClaimResponse/" + crId),
                Outcome = ClaimProcessingCodes.Complete,
                Disposition = disposition,
                CareTeam = [new ExplanationOfBenefit.CareTeamComponent { Sequence = 1, Provider = claim.CareTeam[0].Provider, Responsible = true }],
                Insurance = [new ExplanationOfBenefit.InsuranceComponent { Focal = true, Coverage = new ResourceReference("Coverage/" + coverage.Id) }],
                Item = eobItems,
                Total =
                [
                    new ExplanationOfBenefit.TotalComponent { Category = new CodeableConcept(Adjudication, "submitted"), Amount = Usd(submittedTotal) },
                    new ExplanationOfBenefit.TotalComponent { Category = new CodeableConcept(Adjudication, "eligible"), Amount = Usd(allowedTotal) },
                    new ExplanationOfBenefit.TotalComponent { Category = new CodeableConcept(Adjudication, "benefit"), Amount = Usd(benefitTotal) },
                ],
                Payment = new ExplanationOfBenefit.PaymentComponent { Amount = Usd(benefitTotal), Date = SyntheticResources.Date(adjudicated) },
            });
        }

        private static CodeableConcept? ReasonConcept(string? group, string? carc, string? rarc)
        {
            if (carc is null)
            {
                return null;
            }

            var concept = new CodeableConcept();
            if (group is not null)
            {
                concept.Coding.Add(new Coding(GroupSystem, group));
            }

            concept.Coding.Add(new Coding(CarcSystem, carc));
            if (rarc is not null)
            {
                concept.Coding.Add(new Coding(RarcSystem, rarc));
            }

            return concept;
        }

        private static readonly string[] Assessments =
        [
            "Symptoms stable on the current plan.", "Worse since the last visit; plan adjusted.", "Improving with treatment.",
            "New complaint evaluated today.", "Follow-up of a chronic condition.",
        ];

        /// <summary>A note in the provider's style (SOAP, narrative or terse) and of varying length.</summary>
        private DocumentReference Note(string claimId, string patientId, Provider provider, DateOnly dos, List<Line> lines)
        {
            var date = SyntheticResources.Date(dos);
            var services = string.Join(", ", lines.Select(l => l.Service.Code));
            var extra = string.Join(" ", Enumerable.Range(0, Next(0, 4)).Select(_ => Pick(Assessments)));
            var text = provider.NoteStyle switch
            {
                0 => $"S: {Pick(Assessments)}\nO: Examined.\nA: {string.Join("; ", lines.Select(l => l.Diagnosis))}. {extra}\nP: Services {services} on {date}.\n",
                1 => $"Visit on {date}. {Pick(Assessments)} {extra} Performed {services}.\n",
                _ => $"{date} {services}. {Pick(Assessments)}\n",
            };
            return new DocumentReference
            {
                Id = "doc-" + claimId["claim-".Length..],
                Status = DocumentReferenceStatus.Current,
                DocStatus = CompositionStatus.Final,
                Type = new CodeableConcept("http://loinc.org", "11506-3", "Progress note"),
                Subject = new ResourceReference("Patient/" + patientId),
                Date = new DateTimeOffset(dos.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero),
                Author = [new ResourceReference("Practitioner/" + provider.Id)],
                Custodian = new ResourceReference("Organization/" + _practiceId),
                Content = [new DocumentReference.ContentComponent { Attachment = new Attachment { ContentType = "text/plain; charset=utf-8", Data = Encoding.UTF8.GetBytes(text) } }],
                Context = new DocumentReference.ContextComponent
                {
                    Period = new Period(new FhirDateTime(date), null),
                    Related = [new ResourceReference("Claim/" + claimId)],
                },
            };
        }

        private static Money Usd(decimal value) => new() { Value = value, Currency = Money.Currencies.USD };
    }
}
