using System.Globalization;
using System.Text;
using FhirApp.Core.Denials;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Synthetic;
using Hl7.Fhir.Model;
using static FhirApp.Core.Scrubbing.Synthetic.SyntheticResources;

namespace FhirApp.Core.Scoring.Synthetic;

/// <summary>
/// `fhirapp synth`: a practice's claims over months, adjudicated by payers that behave as their policy files say and
/// a little more. Each claim carries the process failures a real practice makes (auth not obtained, wrong coverage
/// after eligibility churn, charge lag past the filing limit, an NCCI pair billed, units over the MUE, a note without
/// what the payer's policy asks for, a missing modifier 25 or referring provider, a mistyped member id, a duplicate),
/// at rates scaled by each provider's habits. Each payer turns a failure into a denial with its own strictness, drawn
/// from the seed, and adds what no policy file tells: an unpublished auth requirement, a credentialing gap, random noise.
/// The denial probability of a claim is 1 - (1 - noise) × Π(1 - p) over its failures; the outcome is drawn from it, so
/// truth.csv's probabilities are the oracle a model is measured against. Deterministic per options and policies.
/// </summary>
public static class PracticeSimulator
{
    private const string Adjudication = "http://terminology.hl7.org/CodeSystem/adjudication";
    private const string CarinAdjudication = "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudication";
    private const string CarinDiscriminator = "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudicationDiscriminator";
    private const string GroupSystem = "https://x12.org/codes/claim-adjustment-group-codes";
    private const string CarcSystem = "https://x12.org/codes/claim-adjustment-reason-codes";
    private const string RarcSystem = "https://x12.org/codes/remittance-advice-remark-codes";
    private const string SummitPayer = "org-payer-summit";

    /// <summary>The default payer mix: the three demo payers (policy files ship) and Summit, whose rules no file describes.</summary>
    public static IReadOnlyDictionary<string, double> DefaultPayerMix { get; } = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["org-payer-acme"] = 0.3,
        ["org-payer-bluepeak"] = 0.3,
        ["org-payer-medicare"] = 0.25,
        [SummitPayer] = 0.15,
    };

    public static SimulatedPractice Simulate(PracticeSimulatorOptions options, RuleBook rules)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Patients);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Months);
        if (options.Randomized)
        {
            return RandomizedPracticeSimulator.Simulate(options, rules);
        }

        var run = new Run(options, rules);
        run.Go();
        return new SimulatedPractice(run.History, run.Future, run.Truth, options.Today);
    }

    /// <summary>Parses "acme=0.4,bluepeak=0.4,medicare=0.2" (ids with or without the "org-payer-" prefix).</summary>
    public static IReadOnlyDictionary<string, double> ParsePayerMix(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var mix = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split('=', StringSplitOptions.TrimEntries);
            if (pieces.Length != 2 || pieces[0].Length == 0
                || !double.TryParse(pieces[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var weight) || weight < 0)
            {
                throw new FormatException($"'{part}' is not payer=weight.");
            }

            mix[pieces[0].StartsWith("org-", StringComparison.Ordinal) ? pieces[0] : "org-payer-" + pieces[0]] = weight;
        }

        if (mix.Count == 0 || mix.Values.Sum() <= 0)
        {
            throw new FormatException("The payer mix needs at least one payer with a positive weight.");
        }

        return mix;
    }

    private enum Template
    {
        OfficeVisit,
        VisitWithInjection,
        KneeXray,
        KneeMri,
        Arthroscopy,
        KneeArthroplasty,
        Psychotherapy45,
        Psychotherapy60,
    }

    /// <summary>A payer as the simulator plays it: its published policy, and the behaviour no file describes.</summary>
    private sealed class SimPayer
    {
        public required string Id { get; init; }

        public required string Name { get; init; }

        public required bool Medicare { get; init; }

        public PayerPolicy? Policy { get; init; }

        public required int FilingLimitDays { get; init; }

        /// <summary>Codes the practice knows need auth (the policy file's list).</summary>
        public required HashSet<string> PublishedAuth { get; init; }

        /// <summary>Codes the payer also wants auth for, unpublished: the practice learns it only from denials.</summary>
        public required HashSet<string> HiddenAuth { get; init; }

        public required double AuthStrictness { get; init; }

        public required double HiddenAuthStrictness { get; init; }

        public required double DocumentationStrictness { get; init; }

        public required double Noise { get; init; }

        public required decimal AllowedFactor { get; init; }

        public PayerPolicyVersion? PolicyFor(DateOnly date) =>
            Policy?.For(date) ?? Policy?.Versions.OrderBy(v => v.Effective).FirstOrDefault();
    }

    private sealed record SimProvider(string Id, string Family, string Given, string Npi, bool Behavioral, double Sloppiness, int ExtraLagDays);

    private sealed record SimCoverage(string Id, SimPayer Payer, string SubscriberId, DateOnly Start, DateOnly End);

    private sealed record LinePlan(string Code, List<string> Modifiers, int Units, decimal Price);

    /// <summary>One way the claim can be denied: the CARC it brings, its probability, and the line (null = whole claim).</summary>
    private sealed record Mechanism(string Group, string Carc, string? Rarc, double Probability, int? Line, string Disposition);

    private sealed class Run(PracticeSimulatorOptions options, RuleBook rules)
    {
        // Seeded System.Random is the point: the practice must be reproducible, not unpredictable.
#pragma warning disable CA5394
        private readonly Random _random = new(options.Seed);
#pragma warning restore CA5394
        private readonly List<SimPayer> _payers = [];
        private readonly List<double> _payerWeights = [];
        private readonly List<SimProvider> _providers = [];
        private readonly List<Resource> _roster = [];
        private readonly List<Resource> _history = [];
        private readonly List<Resource> _future = [];
        private SimProvider _referring = null!;
        private (SimProvider Provider, SimPayer Payer, DateOnly From, DateOnly To)? _credentialingGap;
        private int _claimNumber;
        private int _authNumber;

        public List<Resource> History => [.. _roster, .. _history];

        public List<Resource> Future => [.. _roster, .. _future];

        public List<SimulatedClaimTruth> Truth { get; } = [];

        private DateOnly WindowStart => options.Today.AddMonths(-options.Months);

        public void Go()
        {
            AddPayers();
            AddProviders();
            for (var p = 1; p <= options.Patients; p++)
            {
                AddPatient(p);
            }
        }

        private double U() => _random.NextDouble();

        private int Next(int min, int maxExclusive) => _random.Next(min, maxExclusive);

        private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

        private double Between(double low, double high) => low + ((high - low) * U());

        private void AddPayers()
        {
            var mix = options.PayerMix ?? DefaultPayerMix;
            var allCodes = new[] { "20610", "73721", "29881", "27447", "73562", "90837", "90834" };
            foreach (var (id, weight) in mix.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                var policy = rules.Payers.FirstOrDefault(p => p.PayerId == id);
                var version = policy?.Versions.OrderBy(v => v.Effective).LastOrDefault();
                var medicare = id.Contains("medicare", StringComparison.OrdinalIgnoreCase);
                var published = version?.AuthRequired.Select(a => a.Code).ToHashSet(StringComparer.Ordinal) ?? [];
                // Every payer but Medicare fee-for-service may want auth for one code it never published; a payer
                // without a policy file wants it for two.
                var hidden = new HashSet<string>(StringComparer.Ordinal);
                var unpublishedCount = medicare ? 0 : policy is null ? 2 : U() < 0.6 ? 1 : 0;
                var candidates = allCodes.Where(c => !published.Contains(c)).ToList();
                for (var i = 0; i < unpublishedCount && candidates.Count > 0; i++)
                {
                    var code = Pick(candidates);
                    candidates.Remove(code);
                    hidden.Add(code);
                }

                var payer = new SimPayer
                {
                    Id = id,
                    Name = policy?.Name ?? (id == SummitPayer ? "Summit Community Health Plan" : NameFromId(id)),
                    Medicare = medicare,
                    Policy = policy,
                    FilingLimitDays = version?.FilingLimitDays ?? (medicare ? 365 : 120),
                    PublishedAuth = published,
                    HiddenAuth = hidden,
                    AuthStrictness = Between(0.8, 0.95),
                    HiddenAuthStrictness = Between(0.3, 0.6),
                    DocumentationStrictness = Between(0.55, 0.85),
                    Noise = Between(0.01, 0.03),
                    AllowedFactor = medicare ? 0.55m : (decimal)Math.Round(Between(0.6, 0.8), 2),
                };
                _payers.Add(payer);
                _payerWeights.Add(weight);
                _roster.Add(SyntheticResources.Organization(id, payer.Name, "pay", null));
            }
        }

        private static string NameFromId(string id)
        {
            var name = id.StartsWith("org-payer-", StringComparison.Ordinal) ? id["org-payer-".Length..] : id;
            return name.Length == 0 ? id : char.ToUpperInvariant(name[0]) + name[1..] + " Health Plan";
        }

        private void AddProviders()
        {
            _roster.Add(SyntheticResources.Organization(Practice, "Riverside Orthopedics & Specialty Care", "prov", "1703849269"));
            // Sloppiness scales every process failure of the provider's claims (habits of the provider and their staff).
            var specs = new (string Id, string Family, string Given, bool Behavioral)[]
            {
                ("pr-susan-patel", "Patel", "Susan", false),
                ("pr-sim-marcus-webb", "Webb", "Marcus", false),
                ("pr-sim-lena-ortiz", "Ortiz", "Lena", false),
                ("pr-david-kim", "Kim", "David", true),
                ("pr-sim-priya-raman", "Raman", "Priya", true),
            };
            var number = 0;
            var raw = specs.Select(_ => Math.Exp(Between(-0.7, 0.8))).ToList();
            // Habits differ between providers, but the practice as a whole stays at a realistic denial rate whatever the seed.
            var scale = 1.35 / raw.Average();
            foreach (var (id, family, given, behavioral) in specs)
            {
                var sloppiness = Math.Round(raw[number] * scale, 2);
                var provider = new SimProvider(id, family, given, SyntheticClaimGenerator.Npi(612_400_117 + (7919 * ++number)), behavioral, sloppiness, Next(0, 4));
                _providers.Add(provider);
                _roster.Add(Practitioner(provider));
            }

            _referring = new SimProvider("pr-syn-referring", "Osei", "Kwame", SyntheticClaimGenerator.Npi(437_118_220), false, 1, 0);
            _roster.Add(Practitioner(_referring));
            // One provider is not yet credentialed with one commercial payer for three months: that payer denies B7.
            var commercial = _payers.Where(p => !p.Medicare).ToList();
            if (commercial.Count > 0 && options.Months >= 4)
            {
                var from = WindowStart.AddMonths(Next(1, Math.Max(2, options.Months - 3)));
                _credentialingGap = (Pick(_providers.Where(p => p.Id != "pr-susan-patel").ToList()), Pick(commercial), from, from.AddMonths(3));
            }
        }

        private SimPayer DrawPayer()
        {
            var total = _payerWeights.Sum();
            var x = U() * total;
            for (var i = 0; i < _payers.Count; i++)
            {
                x -= _payerWeights[i];
                if (x < 0)
                {
                    return _payers[i];
                }
            }

            return _payers[^1];
        }

        private void AddPatient(int number)
        {
            var behavioral = options.Specialty switch
            {
                PracticeSpecialty.BehavioralHealth => true,
                PracticeSpecialty.Orthopedics => false,
                _ => U() < 0.4,
            };
            var payer = DrawPayer();
            var patientId = $"sim-p-{number:D6}";
            var birth = new DateOnly(payer.Medicare ? Next(1938, 1960) : Next(1955, 2005), Next(1, 13), Next(1, 29));
            _roster.Add(new Patient
            {
                Id = patientId,
                Active = true,
                Identifier = [new Identifier("https://riverside-ortho.example/fhir/mrn", $"SIM-{number:D6}")],
                Name = [new HumanName { Use = HumanName.NameUse.Official, Family = Pick(FamilyNames), Given = [Pick(GivenNames)] }],
                Gender = U() < 0.5 ? AdministrativeGender.Female : AdministrativeGender.Male,
                BirthDate = Date(birth),
            });

            // Eligibility churn: one patient in eight loses this coverage during the window; most then get another plan.
            var coverages = new List<SimCoverage>();
            var first = NewCoverage(patientId, payer, WindowStart.AddYears(-1), options.Today.AddYears(1), 1);
            coverages.Add(first);
            if (U() < 0.125)
            {
                var end = WindowStart.AddDays(Next(30, Math.Max(31, options.Today.DayNumber - WindowStart.DayNumber - 20)));
                coverages[0] = first with { End = end };
                _roster[^1] = CoverageResource(coverages[0], patientId);
                if (U() < 0.75)
                {
                    var others = _payers.Where(p => p != payer).ToList();
                    coverages.Add(NewCoverage(patientId, others.Count > 0 ? Pick(others) : payer, end.AddDays(1), options.Today.AddYears(1), 2));
                }
            }

            var providers = _providers.Where(p => p.Behavioral == behavioral).ToList();
            var provider = Pick(providers);
            var dos = WindowStart.AddDays(Next(0, 60));
            while (dos <= options.Today)
            {
                // A patient left without coverage mostly stops coming (or pays themselves: no claim).
                if (!coverages.Exists(c => c.Start <= dos && dos <= c.End) && U() < 0.85)
                {
                    break;
                }

                // Most visits stay with one provider; one in five sees a colleague.
                var seen = U() < 0.2 ? Pick(providers) : provider;
                AddVisit(patientId, seen, coverages, dos, behavioral);
                dos = dos.AddDays(behavioral ? Next(14, 45) : Next(25, 150));
            }
        }

        private SimCoverage NewCoverage(string patientId, SimPayer payer, DateOnly start, DateOnly end, int n)
        {
            var coverage = new SimCoverage($"{patientId.Replace("sim-p-", "sim-cov-", StringComparison.Ordinal)}-{n}", payer, SubscriberId(payer), start, end);
            _roster.Add(CoverageResource(coverage, patientId));
            return coverage;
        }

        private void AddVisit(string patientId, SimProvider provider, List<SimCoverage> coverages, DateOnly dos, bool behavioral)
        {
            var s = provider.Sloppiness;
            var template = behavioral
                ? (U() < 0.55 ? Template.Psychotherapy45 : Template.Psychotherapy60)
                : PickTemplate();
            // The right coverage is the one active on the date of service; after churn, the front desk sometimes bills the old one.
            var active = coverages.LastOrDefault(c => c.Start <= dos && dos <= c.End);
            var coverage = active ?? coverages[0];
            var staleCoverage = false;
            if (coverages.Count > 1 && active == coverages[^1] && U() < Math.Min(0.9, 0.2 * s))
            {
                coverage = coverages[0];
                staleCoverage = true;
            }
            else if (active is null)
            {
                staleCoverage = true;
            }

            var payer = coverage.Payer;
            var policy = payer.PolicyFor(dos);
            var mechanisms = new List<Mechanism>();
            var lines = Lines(template, s, out var ncciModifier59);
            var diagnoses = Diagnoses(template, lines);
            var coverageListMiss = false;
            if (template == Template.VisitWithInjection && U() < 0.06 * s)
            {
                // The coder picks the tear rather than the arthritis: accurate, but not on a coverage list for injections.
                diagnoses = ["M23.221", "M25.561"];
                coverageListMiss = true;
            }

            // Charge lag: a few days, a provider's own extra days, and now and then a claim held for weeks on an edit.
            var lag = Next(1, 6) + provider.ExtraLagDays;
            if (U() < 0.03 * s)
            {
                lag = Next(40, 300);
            }

            var submission = dos.AddDays(lag);
            var isHistory = submission.AddDays(20) <= options.Today;
            var created = isHistory ? submission : (submission < options.Today ? submission : options.Today);
            if (created < dos)
            {
                created = dos;
            }

            var claimId = $"sim-claim-{++_claimNumber:D7}";
            var target = isHistory ? _history : _future;

            // Eligibility.
            if (staleCoverage)
            {
                mechanisms.Add(new Mechanism("PR", "27", null, 0.92, null, "Expenses incurred after coverage terminated."));
            }

            if (U() < 0.015 * s)
            {
                // The front desk re-registers the insurance for this visit and drops a digit of the member id: the claim
                // bills a Coverage whose id no longer matches the payer's format (the scrubber sees it where a policy names the format).
                coverage = coverage with { Id = $"{coverage.Id}-r{_claimNumber + 1}", SubscriberId = coverage.SubscriberId[..^1] };
                _roster.Add(CoverageResource(coverage, patientId));
                mechanisms.Add(new Mechanism("CO", "31", null, 0.85, null, "Patient cannot be identified as our insured."));
            }

            // Prior authorization: published codes are obtained unless the auth team misses one; unpublished ones never are.
            var authRefs = new List<string>();
            for (var i = 0; i < lines.Count; i++)
            {
                var code = lines[i].Code;
                if (payer.PublishedAuth.Contains(code))
                {
                    if (U() < 0.1 * s)
                    {
                        mechanisms.Add(new Mechanism("CO", "197", null, payer.AuthStrictness, i, "Precertification/authorization absent."));
                    }
                    else
                    {
                        var authRef = AddAuthorization(target, patientId, coverage, payer, dos, lines[i]);
                        if (U() < 0.04 * s)
                        {
                            // Authorized, but the number never reached the claim: the payer matches it only sometimes.
                            mechanisms.Add(new Mechanism("CO", "197", null, 0.4, i, "Authorization number missing from the claim."));
                        }
                        else
                        {
                            authRefs.Add(authRef);
                        }
                    }
                }
                else if (payer.HiddenAuth.Contains(code))
                {
                    mechanisms.Add(new Mechanism("CO", "197", null, payer.HiddenAuthStrictness, i, "Precertification/authorization absent."));
                }
            }

            // Coverage lists (diagnosis must be on the payer's list for the code).
            if (policy is not null)
            {
                for (var i = 0; i < lines.Count; i++)
                {
                    var list = policy.CoverageLists.FirstOrDefault(l => l.Codes.Contains(lines[i].Code));
                    if (list is not null && !diagnoses.Exists(d => list.DiagnosisPrefixes.Any(p => ClaimFacts.NormalizeIcd(d).StartsWith(p, StringComparison.Ordinal))))
                    {
                        mechanisms.Add(new Mechanism("CO", "167", null, 0.8, i, "Diagnosis not covered for this service."));
                    }
                }
            }
            else if (coverageListMiss && !payer.Medicare)
            {
                mechanisms.Add(new Mechanism("CO", "167", null, 0.3, 1, "Diagnosis not covered for this service."));
            }

            // Documentation: the note may lack what the payer's policy asks for (the payer's reviewers check it).
            var conservativeTherapy = U() >= 0.1 * s;
            var sessionTimes = U() >= 0.12 * s;
            for (var i = 0; i < lines.Count; i++)
            {
                var required = policy?.DocumentationRequired.FirstOrDefault(d => d.Code == lines[i].Code);
                var missing = required is not null
                    && ((required.Elements.Contains(NoteElement.ConservativeTherapy) && !conservativeTherapy)
                        || (required.Elements.Contains(NoteElement.SessionTimes) && !sessionTimes));
                if (missing)
                {
                    mechanisms.Add(new Mechanism("CO", "50", "M127", payer.DocumentationStrictness, i, "Not deemed a medical necessity: documentation incomplete."));
                }
                else if (payer.Medicare && lines[i].Code == "20610" && !conservativeTherapy)
                {
                    // Medicare's contractor reviews joint injections against its local coverage article, which no policy file here lists.
                    mechanisms.Add(new Mechanism("CO", "50", "M127", 0.5, i, "Not deemed a medical necessity."));
                }
            }

            // Modifiers and pairs.
            if (template == Template.VisitWithInjection && !lines[0].Modifiers.Contains("25"))
            {
                mechanisms.Add(new Mechanism("CO", "97", "N20", 0.85, 0, "E/M bundled into the procedure."));
            }

            if (lines.Exists(l => l.Code == "29877"))
            {
                mechanisms.Add(new Mechanism("CO", "97", "N20", ncciModifier59 ? 0.3 : 0.9, lines.FindIndex(l => l.Code == "29877"), "Procedure bundled (NCCI)."));
            }

            // Units over the MUE.
            for (var i = 0; i < lines.Count; i++)
            {
                if (rules.Codes.Mue.TryGetValue(lines[i].Code, out var mue) && lines[i].Units > mue.Units)
                {
                    mechanisms.Add(new Mechanism("CO", "151", null, 0.9, i, "Units exceed the medically unlikely edit."));
                }
            }

            // Ordered imaging without its referring provider.
            var referring = template is Template.KneeXray or Template.KneeMri && U() >= 0.07 * s;
            if (template is Template.KneeXray or Template.KneeMri && !referring)
            {
                var strict = payer.Medicare || policy?.OrderingProviderClause is not null;
                mechanisms.Add(new Mechanism("CO", "16", "N290", strict ? 0.85 : 0.5, null, "Claim lacks the referring provider."));
            }

            // Timely filing.
            var filingDays = created.DayNumber - dos.DayNumber;
            if (filingDays > payer.FilingLimitDays)
            {
                mechanisms.Add(new Mechanism("CO", "29", null, 0.97, null, "The time limit for filing has expired."));
            }

            // Credentialing gap (no file tells the practice; only the payer's denials do).
            if (_credentialingGap is { } gap && gap.Provider == provider && gap.Payer == payer && gap.From <= dos && dos < gap.To)
            {
                mechanisms.Add(new Mechanism("CO", "B7", null, 0.85, null, "Provider not certified for this service on this date."));
            }

            var claim = BuildClaim(claimId, patientId, coverage, provider, referring, dos, created, template, lines, diagnoses, authRefs);
            target.Add(claim);
            if (NoteFor(template, dos, conservativeTherapy, sessionTimes) is { } text)
            {
                target.Add(Note(claimId, patientId, provider.Id, dos, text));
            }

            var (probability, denied, reason) = Realize(mechanisms, payer.Noise);
            Truth.Add(Truth1(claimId, probability, denied, reason, !isHistory));
            if (isHistory)
            {
                Adjudicate(claim, claimId, patientId, coverage, payer, dos, submission, lines, denied ? reason : null);
            }

            // Now and then the claim is sent again a couple of weeks later without checking its status: a duplicate.
            if (isHistory && U() < 0.006 * s)
            {
                var copyId = $"sim-claim-{++_claimNumber:D7}";
                var copy = (Claim)claim.DeepCopy();
                copy.Id = copyId;
                copy.Identifier = [new Identifier("https://riverside-ortho.example/fhir/claim-number", copyId.ToUpperInvariant())];
                var resent = submission.AddDays(Next(10, 20));
                copy.Created = Date(resent);
                var duplicate = new List<Mechanism> { new("OA", "18", null, 0.95, null, "Exact duplicate claim/service.") };
                var (p2, d2, r2) = Realize(duplicate, payer.Noise);
                var copyHistory = resent.AddDays(20) <= options.Today;
                (copyHistory ? _history : _future).Add(copy);
                Truth.Add(Truth1(copyId, p2, d2, r2, !copyHistory));
                if (copyHistory)
                {
                    Adjudicate(copy, copyId, patientId, coverage, payer, dos, resent, lines, d2 ? r2 : null);
                }
            }
        }

        // Visible: every cause but payer noise shows in the claim, its coverage, its notes or the history (the benchmark's recall base).
        private static SimulatedClaimTruth Truth1(string claimId, double probability, bool denied, Mechanism? reason, bool future) =>
            new(claimId, probability, denied, denied && reason is not null ? reason.Group + "-" + reason.Carc : null,
                denied && reason is not null ? ScoringCauses.Of(reason.Carc) : null, future,
                Visible: denied ? reason is not null && Array.IndexOf(NoiseReasons, reason) < 0 : null);

        /// <summary>Each mechanism fires with its probability, in order; the first that fires is the reason; else payer noise.</summary>
        private (double Probability, bool Denied, Mechanism? Reason) Realize(List<Mechanism> mechanisms, double noise)
        {
            var pass = 1 - noise;
            Mechanism? fired = null;
            foreach (var m in mechanisms)
            {
                pass *= 1 - m.Probability;
                if (U() < m.Probability)
                {
                    fired ??= m;
                }
            }

            var noiseDraw = U();
            if (fired is null && noiseDraw < noise)
            {
                fired = Pick(NoiseReasons);
            }

            return (Math.Round(1 - pass, 6), fired is not null, fired);
        }

        private static readonly Mechanism[] NoiseReasons =
        [
            new("CO", "50", null, 0, null, "Not deemed a medical necessity."),
            new("CO", "96", null, 0, null, "Non-covered charge."),
            new("CO", "16", "M51", 0, null, "Claim lacks information needed for adjudication."),
            new("CO", "4", null, 0, null, "Procedure code inconsistent with the modifier used."),
            new("CO", "252", null, 0, null, "An attachment is required to adjudicate this claim."),
        ];

        private Template PickTemplate()
        {
            var x = U();
            return x switch
            {
                < 0.34 => Template.OfficeVisit,
                < 0.58 => Template.VisitWithInjection,
                < 0.73 => Template.KneeXray,
                < 0.84 => Template.KneeMri,
                < 0.95 => Template.Arthroscopy,
                _ => Template.KneeArthroplasty,
            };
        }

        private List<LinePlan> Lines(Template template, double s, out bool ncciModifier59)
        {
            ncciModifier59 = false;
            var side = U() < 0.5 ? "RT" : "LT";
            switch (template)
            {
                case Template.OfficeVisit:
                    return [U() < 0.6 ? new LinePlan("99213", [], 1, 150m) : new LinePlan("99214", [], 1, 210m)];
                case Template.VisitWithInjection:
                    return [new LinePlan("99213", U() < 0.07 * s ? [] : ["25"], 1, 150m), new LinePlan("20610", [side], 1, 250m)];
                case Template.KneeXray:
                    return [new LinePlan("73562", [side], 1, 95m)];
                case Template.KneeMri:
                    return [new LinePlan("73721", [side], 1, 1200m)];
                case Template.Arthroscopy:
                    var lines = new List<LinePlan> { new("29881", [side], 1, 2400m) };
                    if (U() < 0.15 * s)
                    {
                        // The chondroplasty billed on top of the meniscectomy: an NCCI pair; sometimes with a 59 it does not earn.
                        ncciModifier59 = U() < 0.35;
                        lines.Add(new LinePlan("29877", ncciModifier59 ? [side, "59"] : [side], 1, 900m));
                    }

                    return lines;
                case Template.KneeArthroplasty:
                    return [new LinePlan("27447", [side], 1, 3600m)];
                case Template.Psychotherapy45:
                    return [new LinePlan("90834", [], U() < 0.02 * s ? 2 : 1, 140m)];
                default:
                    return [new LinePlan("90837", [], 1, 190m)];
            }
        }

        private List<string> Diagnoses(Template template, List<LinePlan> lines)
        {
            var left = lines.Exists(l => l.Modifiers.Contains("LT"));
            return template switch
            {
                Template.OfficeVisit => [Pick(["M17.11", "M17.12", "M25.561", "M25.562", "M19.011"])],
                Template.VisitWithInjection or Template.KneeArthroplasty => [left ? "M17.12" : "M17.11"],
                Template.KneeXray or Template.KneeMri => [left ? "M25.562" : "M25.561"],
                Template.Arthroscopy => [left ? "M23.222" : "M23.221", left ? "M94.262" : "M94.261"],
                Template.Psychotherapy45 => [Pick(["F33.1", "F33.0", "F41.1"])],
                _ => ["F33.1", "F41.1"],
            };
        }

        private Claim BuildClaim(
            string id,
            string patientId,
            SimCoverage coverage,
            SimProvider provider,
            bool referring,
            DateOnly dos,
            DateOnly created,
            Template template,
            List<LinePlan> lines,
            List<string> diagnoses,
            List<string> authRefs)
        {
            var pos = template switch
            {
                Template.Arthroscopy => "24",
                Template.KneeArthroplasty => "22",
                _ => "11",
            };
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
                Insurer = new ResourceReference("Organization/" + coverage.Payer.Id),
                Provider = new ResourceReference("Organization/" + Practice),
                Priority = new CodeableConcept("http://terminology.hl7.org/CodeSystem/processpriority", "normal"),
                CareTeam = [SyntheticResources.CareTeam(1, provider.Id, "primary")],
                Diagnosis = [.. diagnoses.Select((code, i) => new Claim.DiagnosisComponent { Sequence = i + 1, Diagnosis = new CodeableConcept(Icd10, code) })],
                Insurance = [new Claim.InsuranceComponent { Sequence = 1, Focal = true, Coverage = new ResourceReference("Coverage/" + coverage.Id) }],
            };
            if (authRefs.Count > 0)
            {
                claim.Insurance[0].PreAuthRef = authRefs;
            }

            if (referring)
            {
                claim.CareTeam.Add(SyntheticResources.CareTeam(2, _referring.Id, "referring"));
            }

            decimal total = 0;
            for (var i = 0; i < lines.Count; i++)
            {
                var line = lines[i];
                claim.Item.Add(new Claim.ItemComponent
                {
                    Sequence = i + 1,
                    CareTeamSequence = [1],
                    DiagnosisSequence = [.. Enumerable.Range(1, diagnoses.Count).Select(n => (int?)n)],
                    ProductOrService = new CodeableConcept(Cpt, line.Code),
                    Modifier = [.. line.Modifiers.Select(m => new CodeableConcept(char.IsLetter(m[0]) ? Hcpcs : Cpt, m))],
                    Serviced = new Date(Date(dos)),
                    Location = new CodeableConcept(PosSystem, pos),
                    Quantity = new Quantity { Value = line.Units },
                    UnitPrice = new Money { Value = line.Price, Currency = Money.Currencies.USD },
                    Net = new Money { Value = line.Price * line.Units, Currency = Money.Currencies.USD },
                });
                total += line.Price * line.Units;
            }

            claim.Total = new Money { Value = total, Currency = Money.Currencies.USD };
            return claim;
        }

        /// <summary>ClaimResponse and CARIN-style EOB for a history claim: amounts by category, CARC/RARC with group codes.</summary>
        private void Adjudicate(Claim claim, string claimId, string patientId, SimCoverage coverage, SimPayer payer, DateOnly dos, DateOnly received, List<LinePlan> lines, Mechanism? denial)
        {
            var adjudicated = received.AddDays(Next(7, 20));
            var crItems = new List<ClaimResponse.ItemComponent>();
            var eobItems = new List<ExplanationOfBenefit.ItemComponent>();
            decimal submittedTotal = 0, allowedTotal = 0, benefitTotal = 0;
            var earlyInYear = dos.Month <= 3;
            for (var i = 0; i < lines.Count; i++)
            {
                var line = lines[i];
                var charge = line.Price * line.Units;
                var entries = new List<(string System, string Category, string? Group, string? Carc, string? Rarc, decimal Amount)>
                {
                    (Adjudication, "submitted", null, null, null, charge),
                };
                var lineDenied = denial is not null && (denial.Line is null || denial.Line == i);
                decimal allowed = 0, benefit = 0;
                if (lineDenied)
                {
                    entries.Add((CarinDiscriminator, "adjustmentreason", denial!.Group, denial.Carc, denial.Rarc, charge));
                }
                else
                {
                    allowed = Math.Round(charge * payer.AllowedFactor, 2);
                    entries.Add((Adjudication, "eligible", null, null, null, allowed));
                    if (charge > allowed)
                    {
                        entries.Add((CarinDiscriminator, "adjustmentreason", "CO", "45", null, charge - allowed));
                    }

                    decimal patient = 0;
                    if (payer.Medicare)
                    {
                        patient = Math.Round(allowed * 0.2m, 2);
                        entries.Add((CarinAdjudication, "coinsurance", null, null, null, patient));
                        entries.Add((CarinDiscriminator, "adjustmentreason", "PR", "2", null, patient));
                    }
                    else if (line.Code.StartsWith("99", StringComparison.Ordinal) || line.Code.StartsWith("908", StringComparison.Ordinal))
                    {
                        patient = Math.Min(allowed, 25m);
                        entries.Add((Adjudication, "copay", null, null, null, patient));
                        entries.Add((CarinDiscriminator, "adjustmentreason", "PR", "3", null, patient));
                    }
                    else if (earlyInYear && U() < 0.4)
                    {
                        // Early in the plan year the deductible can take the whole allowed amount: zero benefit, not a denial.
                        patient = Math.Min(allowed, 500m);
                        entries.Add((Adjudication, "deductible", null, null, null, patient));
                        entries.Add((CarinDiscriminator, "adjustmentreason", "PR", "1", null, patient));
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
                    ProductOrService = new CodeableConcept(Cpt, line.Code),
                    Modifier = [.. line.Modifiers.Select(m => new CodeableConcept(char.IsLetter(m[0]) ? Hcpcs : Cpt, m))],
                    Serviced = new Date(Date(dos)),
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

            var number = claimId["sim-claim-".Length..];
            var disposition = denial is null ? "Processed as billed." : "Denied: " + denial.Disposition;
            var crId = "sim-cr-" + number;
            _history.Add(new ClaimResponse
            {
                Id = crId,
                Status = FinancialResourceStatusCodes.Active,
                Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/claim-type", "professional"),
                Use = ClaimUseCode.Claim,
                Patient = new ResourceReference("Patient/" + patientId),
                Created = Date(adjudicated),
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
                Id = "sim-eob-" + number,
                Meta = new Meta { Profile = ["http://hl7.org/fhir/us/carin-bb/StructureDefinition/C4BB-ExplanationOfBenefit-Professional-NonClinician"] },
                Identifier = [new Identifier("https://riverside-ortho.example/fhir/payer-claim-control-number", "PCN-" + number)],
                Status = ExplanationOfBenefit.ExplanationOfBenefitStatus.Active,
                Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/claim-type", "professional"),
                Use = ClaimUseCode.Claim,
                Patient = new ResourceReference("Patient/" + patientId),
                BillablePeriod = new Period(new FhirDateTime(Date(dos)), new FhirDateTime(Date(dos))),
                Created = Date(adjudicated),
                Insurer = new ResourceReference("Organization/" + payer.Id),
                Provider = new ResourceReference("Organization/" + Practice),
                Claim = new ResourceReference("Claim/" + claimId),
                ClaimResponse = new ResourceReference("ClaimResponse/" + crId),
                Outcome = ClaimProcessingCodes.Complete,
                Disposition = disposition,
                CareTeam = [new ExplanationOfBenefit.CareTeamComponent { Sequence = 1, Provider = claim.CareTeam[0].Provider, Responsible = true }],
                SupportingInfo =
                [
                    new ExplanationOfBenefit.SupportingInformationComponent
                    {
                        Sequence = 1,
                        Category = new CodeableConcept("http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBSupportingInfoType", "clmrecvddate"),
                        Timing = new Date(Date(received)),
                    },
                ],
                Insurance = [new ExplanationOfBenefit.InsuranceComponent { Focal = true, Coverage = new ResourceReference("Coverage/" + coverage.Id) }],
                Item = eobItems,
                Total =
                [
                    new ExplanationOfBenefit.TotalComponent { Category = new CodeableConcept(Adjudication, "submitted"), Amount = Usd(submittedTotal) },
                    new ExplanationOfBenefit.TotalComponent { Category = new CodeableConcept(Adjudication, "eligible"), Amount = Usd(allowedTotal) },
                    new ExplanationOfBenefit.TotalComponent { Category = new CodeableConcept(Adjudication, "benefit"), Amount = Usd(benefitTotal) },
                ],
                Payment = new ExplanationOfBenefit.PaymentComponent { Amount = Usd(benefitTotal), Date = Date(adjudicated) },
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

        private string AddAuthorization(List<Resource> target, string patientId, SimCoverage coverage, SimPayer payer, DateOnly dos, LinePlan line)
        {
            var number = ++_authNumber;
            var authRef = $"SIM-AUTH-{number:D7}";
            var requestId = $"sim-pa-{number:D7}";
            target.Add(new Claim
            {
                Id = requestId,
                Status = FinancialResourceStatusCodes.Active,
                Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/claim-type", "professional"),
                Use = ClaimUseCode.Preauthorization,
                Patient = new ResourceReference("Patient/" + patientId),
                Created = Date(dos.AddDays(-14)),
                Insurer = new ResourceReference("Organization/" + payer.Id),
                Provider = new ResourceReference("Organization/" + Practice),
                Priority = new CodeableConcept("http://terminology.hl7.org/CodeSystem/processpriority", "normal"),
                Insurance = [new Claim.InsuranceComponent { Sequence = 1, Focal = true, Coverage = new ResourceReference("Coverage/" + coverage.Id) }],
                Item = [new Claim.ItemComponent { Sequence = 1, ProductOrService = new CodeableConcept(Cpt, line.Code), Quantity = new Quantity { Value = line.Units } }],
            });
            target.Add(new ClaimResponse
            {
                Id = $"sim-par-{number:D7}",
                Status = FinancialResourceStatusCodes.Active,
                Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/claim-type", "professional"),
                Use = ClaimUseCode.Preauthorization,
                Patient = new ResourceReference("Patient/" + patientId),
                Created = Date(dos.AddDays(-10)),
                Insurer = new ResourceReference("Organization/" + payer.Id),
                Request = new ResourceReference("Claim/" + requestId),
                Outcome = ClaimProcessingCodes.Complete,
                Disposition = $"Approved: {line.Code}",
                PreAuthRef = authRef,
                PreAuthPeriod = new Period(new FhirDateTime(Date(dos.AddDays(-10))), new FhirDateTime(Date(dos.AddDays(80)))),
                AddItem =
                [
                    new ClaimResponse.AddedItemComponent
                    {
                        ProductOrService = new CodeableConcept(Cpt, line.Code),
                        Quantity = new Quantity { Value = line.Units },
                        Adjudication = [new ClaimResponse.AdjudicationComponent { Category = new CodeableConcept(Adjudication, "eligible"), Value = line.Units }],
                    },
                ],
            });
            return authRef;
        }

        private static string? NoteFor(Template template, DateOnly dos, bool conservativeTherapy, bool sessionTimes)
        {
            var date = Date(dos);
            var therapy = conservativeTherapy
                ? "Completed 6 weeks of supervised physical therapy and 3 months of naproxen without improvement (failed conservative therapy)."
                : "Pain is worse with stairs.";
            return template switch
            {
                Template.VisitWithInjection =>
                    $"ORTHOPEDIC FOLLOW-UP VISIT\nDate of service: {date}\nSubjective: Knee pain for 8 months. {therapy}\nObjective: Knee effusion, joint line tenderness.\nProcedure: Knee joint injection, 40 mg triamcinolone with lidocaine, after informed consent and time-out.\nSeparately identifiable E/M: history, exam and management of worsening osteoarthritis and medication review, distinct from the injection.\n",
                Template.KneeMri =>
                    $"ORTHOPEDIC VISIT\nDate of service: {date}\nKnee pain with mechanical symptoms. {therapy}\nPlan: MRI of the knee without contrast, ordered by the referring physician.\n",
                Template.Arthroscopy =>
                    $"OPERATIVE NOTE\nDate of surgery: {date}\nProcedure: Knee arthroscopy with partial meniscectomy; chondroplasty in the same compartment.\n{therapy}\n",
                Template.KneeArthroplasty =>
                    $"OPERATIVE NOTE\nDate of surgery: {date}\nProcedure: Total knee arthroplasty for end-stage osteoarthritis.\n{therapy}\n",
                Template.Psychotherapy60 => sessionTimes
                    ? $"PSYCHOTHERAPY PROGRESS NOTE\nDate of service: {date}\nSession start time: 10:00. Session end time: 10:58. Total face-to-face psychotherapy time: 58 minutes.\nInterventions: Cognitive behavioral therapy.\nPlan: Continue weekly psychotherapy.\n"
                    : $"PSYCHOTHERAPY PROGRESS NOTE\nDate of service: {date}\nInterventions: Cognitive behavioral therapy.\nPlan: Continue weekly psychotherapy.\n",
                Template.Psychotherapy45 =>
                    $"PSYCHOTHERAPY PROGRESS NOTE\nDate of service: {date}\nSession 14:00-14:45.\nInterventions: Cognitive behavioral therapy.\n",
                _ => null,
            };
        }

        private static DocumentReference Note(string claimId, string patientId, string author, DateOnly dos, string text) => new()
        {
            Id = "sim-doc-" + claimId["sim-claim-".Length..],
            Status = DocumentReferenceStatus.Current,
            DocStatus = CompositionStatus.Final,
            Type = new CodeableConcept("http://loinc.org", "11506-3", "Progress note"),
            Subject = new ResourceReference("Patient/" + patientId),
            Date = new DateTimeOffset(dos.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero),
            Author = [new ResourceReference("Practitioner/" + author)],
            Custodian = new ResourceReference("Organization/" + Practice),
            Content = [new DocumentReference.ContentComponent { Attachment = new Attachment { ContentType = "text/plain; charset=utf-8", Data = Encoding.UTF8.GetBytes(text) } }],
            Context = new DocumentReference.ContextComponent
            {
                Period = new Period(new FhirDateTime(Date(dos)), null),
                Related = [new ResourceReference("Claim/" + claimId)],
            },
        };

        private string SubscriberId(SimPayer payer) => payer.Id switch
        {
            "org-payer-acme" => "ACM" + SyntheticResources.Digits(_random, 9),
            "org-payer-bluepeak" => "BPK" + SyntheticResources.Digits(_random, 9),
            _ when payer.Medicare => SyntheticResources.Mbi(_random),
            _ => "SCH" + SyntheticResources.Digits(_random, 9),
        };

        private static Coverage CoverageResource(SimCoverage c, string patientId) =>
            SyntheticResources.Coverage(c.Id, patientId, c.Payer.Id, c.SubscriberId, c.Start, c.End);

        private static Practitioner Practitioner(SimProvider p) => SyntheticResources.Practitioner(p.Id, p.Family, p.Given, p.Npi);

        private static Money Usd(decimal value) => new() { Value = value, Currency = Money.Currencies.USD };
    }

    private static readonly string[] FamilyNames = ["Garcia", "Smith", "Nguyen", "Johnson", "Patel", "Brown", "Kim", "Lopez", "Miller", "Davis", "Wilson", "Clark"];

    private static readonly string[] GivenNames = ["Ana", "Ben", "Chloe", "David", "Elena", "Frank", "Grace", "Hiro", "Irene", "Jamal", "Kate", "Luis"];

    private static string Date(DateOnly date) => SyntheticResources.Date(date);
}
