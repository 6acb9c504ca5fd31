using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using FhirApp.Core.Claims;
using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Learning;
using FhirApp.Core.Scoring.Synthetic;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Learned;
using Hl7.Fhir.Model;

namespace FhirApp.Cli.Bench;

/// <summary>
/// `fhirapp bench rules [--seeds 1,2,3] [--patients 500,2000] [--throughput-claims 200000] [--no-default]`: learned payer
/// rules on practices the project has never seen (the learned rules' quality bar). For each seed and size: simulate a randomized
/// practice (`synth --randomized`), mine its history, scrub its future claims (each on its submission day) with the
/// shipped rules alone and with the learned rules, and print the recall of denied claims whose cause is visible (a hold
/// or review on the claim; and one of the cause's family), the share of paid claims held, and the mining time (wall and
/// CPU: the machine is shared). Then a per-mechanism precision / recall table of the learned rules against the
/// simulator's mechanisms.json, the same figures on the default practice, and the mining time of a history of
/// --throughput-claims claims (a randomized practice replicated under new patient ids). Last line:
/// `min_recall=… max_paid_held=… mining_seconds_200k=…`.
/// </summary>
internal static partial class BenchRulesCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var seeds = new Option<string>("--seeds") { Description = "Comma-separated simulator seeds.", DefaultValueFactory = _ => "1,2,3" };
        var patients = new Option<string>("--patients") { Description = "Comma-separated practice sizes (patients).", DefaultValueFactory = _ => "500,2000" };
        var throughput = new Option<int>("--throughput-claims") { Description = "History size for the mining-throughput run (0 skips it).", DefaultValueFactory = _ => 200_000 };
        var noDefault = new Option<bool>("--no-default") { Description = "Skip the default (non-randomized) practice." };
        var verbose = new Option<bool>("--verbose") { Description = "Per practice: the rules holding paid claims and the mechanisms of the missed denials." };
        var content = CliOptions.Content();
        var command = new Command("rules", "Learned payer rules on randomized practices: recall of visible-cause denials, paid claims held, per-mechanism precision and recall, mining time.")
        {
            seeds, patients, throughput, noDefault, verbose, content,
        };
        command.SetAction(parseResult => Run(parseResult.GetValue(seeds)!, parseResult.GetValue(patients)!, parseResult.GetValue(throughput), parseResult.GetValue(noDefault), parseResult.GetValue(verbose), parseResult.GetValue(content), output, error));
        return command;
    }

    private static int Run(string seedList, string patientList, int throughputClaims, bool noDefault, bool verbose, string? contentDirectory, TextWriter output, TextWriter error)
    {
        if (!TryParseInts(seedList, out var seeds) || !TryParseInts(patientList, out var sizes) || sizes.Exists(s => s <= 0) || throughputClaims < 0)
        {
            error.WriteLine("--seeds and --patients must be comma-separated integers (sizes positive); --throughput-claims must not be negative.");
            return FhirAppCommandLine.BadArguments;
        }

        if (!FhirAppCommandLine.TryLoadRules(contentDirectory, error, out var rules))
        {
            return FhirAppCommandLine.Failed;
        }

        var c = CultureInfo.InvariantCulture;
        var work = Directory.CreateTempSubdirectory("fhirapp-bench-rules-");
        try
        {
            output.WriteLine($"{"practice",-16} {"hist",6} {"fut",5} {"den",4} {"vis",4} {"recall",7} {"hold",6} {"cause",6} {"shipped",7} {"paid",5} {"held",6} {"review",6} {"shipped",7} {"rules",5} {"mine s",7} {"cpu s",6}");
            var tally = new MechanismTally();
            var minRecall = double.MaxValue;
            var maxHeld = 0.0;
            foreach (var size in sizes)
            {
                foreach (var seed in seeds)
                {
                    var options = new PracticeSimulatorOptions { Patients = size, Months = 12, Seed = seed, Randomized = true };
                    var result = Measure($"random s{seed} p{size}", options, rules, Path.Combine(work.FullName, $"r{seed}-{size}"), output, verbose);
                    tally.Add(result.Book, result.Practice.Mechanisms!, result.Book.Thresholds.MinDenied);
                    minRecall = Math.Min(minRecall, result.Recall);
                    maxHeld = Math.Max(maxHeld, result.PaidHeld);
                }
            }

            if (!noDefault)
            {
                Measure("default s1 p500", new PracticeSimulatorOptions { Patients = 500, Months = 12, Seed = 1 }, rules, Path.Combine(work.FullName, "default"), output, verbose);
            }

            output.WriteLine();
            output.WriteLine("recall: denied future claims whose cause is visible that got a hold or review (learned + shipped rules); hold: with a hold;");
            output.WriteLine("cause: with a hold or review of the cause's own family; shipped: recall with the shipped rules alone. held / review: paid future");
            output.WriteLine("claims with a hold / with a review and no hold (shipped: held with the shipped rules alone).");
            output.WriteLine();
            tally.Write(output);
            double? throughputSeconds = null;
            if (throughputClaims > 0)
            {
                throughputSeconds = Throughput(throughputClaims, rules, Path.Combine(work.FullName, "throughput"), output);
            }

            output.WriteLine(string.Create(c, $"min_recall={minRecall:0.000} max_paid_held={maxHeld:0.000} mining_seconds_{throughputClaims / 1000}k={(throughputSeconds is { } s ? s.ToString("0.0", c) : "skipped")}"));
            return FhirAppCommandLine.Success;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private sealed record PracticeResult(SimulatedPractice Practice, LearnedRuleBook Book, double Recall, double PaidHeld);

    private static PracticeResult Measure(string label, PracticeSimulatorOptions options, RuleBook rules, string directory, TextWriter output, bool verbose)
    {
        var c = CultureInfo.InvariantCulture;
        var practice = PracticeSimulator.Simulate(options, rules);
        practice.Write(directory);
        var history = Path.Combine(directory, "history");
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var book = RuleMiner.Mine([history], options.Today, shipped: rules);
        var mineSeconds = clock.Elapsed.TotalSeconds;

        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;

        var future = practice.Truth.Where(t => t.Future).ToDictionary(t => t.ClaimId, StringComparer.Ordinal);
        var withLearned = Scrub(Path.Combine(directory, "future"), history, future.Keys.ToHashSet(StringComparer.Ordinal), rules, book);
        var shippedOnly = Scrub(Path.Combine(directory, "future"), history, future.Keys.ToHashSet(StringComparer.Ordinal), rules, null);

        var visible = future.Values.Where(t => t.Denied && t.Visible == true).ToList();
        var paid = future.Values.Where(t => !t.Denied).ToList();
        double Share(IReadOnlyCollection<SimulatedClaimTruth> set, Func<SimulatedClaimTruth, bool> counts) => set.Count == 0 ? 0 : set.Count(counts) / (double)set.Count;
        bool Flagged(Dictionary<string, ScrubResult> results, SimulatedClaimTruth t, FindingSeverity worst) =>
            results.TryGetValue(t.ClaimId, out var r) && r.Findings.Any(f => f.Severity <= worst);
        bool OfCause(SimulatedClaimTruth t) =>
            withLearned.TryGetValue(t.ClaimId, out var r) && r.Findings.Any(f => f.Severity <= FindingSeverity.Review && CauseFamilies(t).Contains(f.Category));

        var recall = Share(visible, t => Flagged(withLearned, t, FindingSeverity.Review));
        var held = Share(paid, t => Flagged(withLearned, t, FindingSeverity.Hold));
        output.WriteLine(string.Create(c,
            $"{label,-16} {practice.Truth.Count(t => !t.Future),6} {future.Count,5} {future.Values.Count(t => t.Denied),4} {visible.Count,4} {recall,7:0.000} {Share(visible, t => Flagged(withLearned, t, FindingSeverity.Hold)),6:0.000} {Share(visible, OfCause),6:0.000} {Share(visible, t => Flagged(shippedOnly, t, FindingSeverity.Review)),7:0.000} {paid.Count,5} {held,6:0.000} {Share(paid, t => !Flagged(withLearned, t, FindingSeverity.Hold) && Flagged(withLearned, t, FindingSeverity.Review)),6:0.000} {Share(paid, t => Flagged(shippedOnly, t, FindingSeverity.Hold)),7:0.000} {book.Rules.Count,5} {mineSeconds,7:0.0} {cpuSeconds,6:0.0}"));
        if (verbose)
        {
            var holders = paid.Where(t => Flagged(withLearned, t, FindingSeverity.Hold)).SelectMany(t => withLearned[t.ClaimId].Findings.Where(f => f.Severity == FindingSeverity.Hold).Select(f => f.RuleId).Distinct())
                .GroupBy(r => r).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}");
            output.WriteLine("    paid claims held by: " + string.Join(", ", holders));
            var reviewers = paid.Where(t => !Flagged(withLearned, t, FindingSeverity.Hold) && Flagged(withLearned, t, FindingSeverity.Review))
                .SelectMany(t => withLearned[t.ClaimId].Findings.Where(f => f.Severity == FindingSeverity.Review).Select(f => f.RuleId).Distinct())
                .GroupBy(r => r).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}");
            output.WriteLine("    paid claims reviewed by: " + string.Join(", ", reviewers));
            var missed = visible.Where(t => !Flagged(withLearned, t, FindingSeverity.Review)).GroupBy(t => t.Mechanism ?? t.Reason ?? "?").OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}");
            output.WriteLine("    missed visible denials: " + string.Join(", ", missed));
        }

        return new PracticeResult(practice, book, recall, held);
    }

    /// <summary>The finding categories that name a mechanism's cause (the default practice's truth has no mechanism: its CARC category decides).</summary>
    private static FindingCategory[] CauseFamilies(SimulatedClaimTruth truth) => truth.Mechanism switch
    {
        "filing-limit" => [FindingCategory.TimelyFiling],
        "auth-required" => [FindingCategory.PriorAuthorization],
        "referring-required" => [FindingCategory.MissingInformation],
        "non-covered" => [FindingCategory.Eligibility],
        "covered-diagnoses" or "unspecified-diagnosis" => [FindingCategory.Coding],
        "modifier-required" or "bundled-pair" => [FindingCategory.Modifiers, FindingCategory.Coding],
        "units-per-day" or "frequency" => [FindingCategory.Units, FindingCategory.Coding],
        "place-of-service" => [FindingCategory.Coding, FindingCategory.MissingInformation],
        "member-id-format" => [FindingCategory.Demographics, FindingCategory.Eligibility],
        "coverage-lapse" or "coverage-terminated" => [FindingCategory.Eligibility],
        "duplicate" => [FindingCategory.Duplicate],
        _ => truth.Category switch
        {
            Core.Denials.DenialCategory.Authorization => [FindingCategory.PriorAuthorization],
            Core.Denials.DenialCategory.Eligibility => [FindingCategory.Eligibility, FindingCategory.Demographics],
            Core.Denials.DenialCategory.TimelyFiling => [FindingCategory.TimelyFiling],
            Core.Denials.DenialCategory.Duplicate => [FindingCategory.Duplicate],
            Core.Denials.DenialCategory.Bundling => [FindingCategory.Modifiers, FindingCategory.Coding],
            Core.Denials.DenialCategory.MissingInformation => [FindingCategory.MissingInformation, FindingCategory.Documentation],
            Core.Denials.DenialCategory.MedicalNecessity => [FindingCategory.Documentation, FindingCategory.Coding],
            _ => [FindingCategory.Coding, FindingCategory.Units, FindingCategory.Modifiers],
        },
    };

    /// <summary>Scrubs the future claims in their context (the history and the other future claims), each on its own submission day.</summary>
    private static Dictionary<string, ScrubResult> Scrub(string futureDirectory, string historyDirectory, HashSet<string> ids, RuleBook rules, LearnedRuleBook? learned)
    {
        var read = FhirReadResult.Combine([FhirResourceReader.ReadDirectory(futureDirectory), FhirResourceReader.ReadDirectory(historyDirectory)]);
        var clock = new DayClock();
        var scrubber = new ClaimScrubber(rules, ScrubRules.All, clock, learned);
        var results = new Dictionary<string, ScrubResult>(StringComparer.Ordinal);
        var builder = new ClaimContextBuilder();
        foreach (var record in PatientRecordGrouper.Group(read.Resources))
        {
            foreach (var context in builder.Build(record))
            {
                if (context.Claim?.Id is { } id && ids.Contains(id))
                {
                    clock.Day = DateOnly.TryParseExact(context.Claim.Created?[..Math.Min(10, context.Claim.Created.Length)], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var created)
                        ? created : context.ServiceDate ?? DateOnly.FromDateTime(DateTime.UnixEpoch);
                    results[id] = scrubber.Scrub(context);
                }
            }
        }

        return results;
    }

    /// <summary>Mines a history of at least <paramref name="claims"/> claims: one randomized practice, replicated under new patient ids.</summary>
    private static double Throughput(int claims, RuleBook rules, string directory, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        var basePatients = Math.Clamp(claims / 20, 200, 6000);
        var practice = PracticeSimulator.Simulate(new PracticeSimulatorOptions { Patients = basePatients, Months = 12, Seed = 4242, Randomized = true }, rules);
        var source = Path.Combine(directory, "base");
        practice.Write(source);
        var baseClaims = practice.Truth.Count(t => !t.Future);
        var copies = (int)Math.Ceiling(claims / (double)Math.Max(1, baseClaims));
        var history = Path.Combine(directory, "history");
        Replicate(Path.Combine(source, "history"), history, copies);
        practice = null;
        GC.Collect();
        var bytes = Directory.EnumerateFiles(history).Sum(f => new FileInfo(f).Length);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var run = RuleMiner.Run([history], new DateOnly(2026, 12, 31), shipped: rules);
        var seconds = clock.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var book = run.Book;
        output.WriteLine();
        output.WriteLine(string.Create(c,
            $"Throughput: {book.History.Claims} claims ({book.History.Resources} resources, {bytes / 1048576.0:0} MiB NDJSON; {copies} copies of a {baseClaims}-claim practice) mined in {seconds:0.0} s wall ({run.Reading.TotalSeconds:0.0} s reading the history into claim features, {run.Mining.TotalSeconds:0.0} s mining), {cpuSeconds:0.0} s CPU ({run.ReadingCpu.TotalSeconds:0.0} s reading, {run.MiningCpu.TotalSeconds:0.0} s mining) on {Environment.ProcessorCount} cores (load average at start {LoadAverage()}); {book.History.Claims / Math.Max(0.001, seconds):0} claims/s; {book.Rules.Count} rules (book version {book.Version}); peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MiB."));
        return seconds;
    }

    /// <summary>Copies an NDJSON history <paramref name="copies"/> times, suffixing patient-owned ids so each copy is a new set of patients.</summary>
    private static void Replicate(string source, string target, int copies)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source, "*.ndjson").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            var shared = name is "Organization.ndjson" or "Practitioner.ndjson";
            using var writer = new StreamWriter(Path.Combine(target, name));
            for (var copy = 0; copy < (shared ? 1 : copies); copy++)
            {
                foreach (var line in File.ReadLines(file))
                {
                    writer.Write(copy == 0 ? line : OwnedId().Replace(line, m => $"{m.Value}x{copy}"));
                    writer.Write('\n');
                }
            }
        }
    }

    [GeneratedRegex(@"\b(?:pt|cov|claim|cr|eob|doc|pa-req|pa-resp)-[0-9]+(?:-r[0-9]+)?\b", RegexOptions.CultureInvariant)]
    private static partial Regex OwnedId();

    /// <summary>The 1-minute load average (Linux), to say how shared the machine was; "unknown" elsewhere.</summary>
    private static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static bool TryParseInts(string text, out List<int> values)
    {
        values = [];
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            values.Add(value);
        }

        return values.Count > 0;
    }

    /// <summary>A clock moved claim by claim to the claim's submission day.</summary>
    private sealed class DayClock : TimeProvider
    {
        public DateOnly Day { get; set; }

        public override DateTimeOffset GetUtcNow() => new(Day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
    }

    /// <summary>Learned rules against the simulators' mechanisms, per shape, over every randomized practice.</summary>
    private sealed class MechanismTally
    {
        private readonly SortedDictionary<string, (int Truth, int Learnable, int Learned, int Right, int RightLearnable)> _byShape = new(StringComparer.Ordinal);
        private readonly List<(int Truth, int PaidUpTo, int? DeniedFrom)> _filing = [];

        public void Add(LearnedRuleBook book, IReadOnlyList<SimulatedMechanism> mechanisms, int minDenied)
        {
            var truth = mechanisms.Where(m => m.Mechanism is not ("coverage-terminated" or "duplicate"))
                .GroupBy(m => (m.PayerId, m.Mechanism, Key: KeyOf(m.Mechanism, m.Code, m.OtherCode)))
                .ToDictionary(g => g.Key, g => g.Sum(m => m.HistoryDenials) >= minDenied);
            var learned = book.Rules.Select(r => (r.PayerId, Mechanism: JsonNamingPolicy.KebabCaseLower.ConvertName(r.Shape.ToString()), Key: KeyOf(JsonNamingPolicy.KebabCaseLower.ConvertName(r.Shape.ToString()), r.Parameters.Code, r.Parameters.OtherCode)))
                .ToHashSet();
            foreach (var shape in truth.Keys.Select(k => k.Mechanism).Concat(learned.Select(l => l.Mechanism)).Distinct(StringComparer.Ordinal))
            {
                var t = truth.Where(k => k.Key.Mechanism == shape).ToList();
                var l = learned.Where(k => k.Mechanism == shape).ToList();
                var (truthCount, learnable, learnedCount, right, rightLearnable) = _byShape.GetValueOrDefault(shape);
                _byShape[shape] = (truthCount + t.Count, learnable + t.Count(k => k.Value), learnedCount + l.Count, right + l.Count(truth.ContainsKey),
                    rightLearnable + t.Count(k => k.Value && learned.Contains(k.Key)));
            }

            foreach (var rule in book.Rules.Where(r => r.Shape == LearnedShape.FilingLimit && r.Parameters.Days is not null))
            {
                if (mechanisms.FirstOrDefault(m => m.Mechanism == "filing-limit" && m.PayerId == rule.PayerId)?.Days is { } days)
                {
                    _filing.Add((days, rule.Parameters.Days!.Value, rule.Parameters.DaysDenied));
                }
            }
        }

        public void Write(TextWriter output)
        {
            var c = CultureInfo.InvariantCulture;
            output.WriteLine("Learned rules against the simulator's mechanisms (all randomized practices; a rule is right when payer, mechanism and code match;");
            output.WriteLine("learnable: the mechanism denied at least MinDenied history claims):");
            output.WriteLine($"{"mechanism",-22} {"truth",6} {"learnable",9} {"learned",7} {"right",6} {"precision",9} {"recall",7} {"recall(learnable)",17}");
            var totals = (Truth: 0, Learnable: 0, Learned: 0, Right: 0, RightLearnable: 0);
            foreach (var (shape, s) in _byShape)
            {
                output.WriteLine(string.Create(c, $"{shape,-22} {s.Truth,6} {s.Learnable,9} {s.Learned,7} {s.Right,6} {Ratio(s.Right, s.Learned),9} {Ratio(s.Right, s.Truth),7} {Ratio(s.RightLearnable, s.Learnable),17}"));
                totals = (totals.Truth + s.Truth, totals.Learnable + s.Learnable, totals.Learned + s.Learned, totals.Right + s.Right, totals.RightLearnable + s.RightLearnable);
            }

            output.WriteLine(string.Create(c, $"{"all",-22} {totals.Truth,6} {totals.Learnable,9} {totals.Learned,7} {totals.Right,6} {Ratio(totals.Right, totals.Learned),9} {Ratio(totals.Right, totals.Truth),7} {Ratio(totals.RightLearnable, totals.Learnable),17}"));
            if (_filing.Count > 0)
            {
                output.WriteLine(string.Create(c, $"Filing limits learned: {_filing.Count}; the true limit lies between the longest lag paid and the shortest denied in {_filing.Count(f => f.PaidUpTo <= f.Truth && (f.DeniedFrom is not { } d || f.Truth < d))} of them; mean |longest lag paid - true limit| = {_filing.Average(f => Math.Abs(f.PaidUpTo - f.Truth)):0.0} days."));
            }
        }

        private static string KeyOf(string mechanism, string? code, string? other) => mechanism switch
        {
            "bundled-pair" => $"{other}>{code}",
            "filing-limit" or "member-id-format" or "coverage-lapse" or "unspecified-diagnosis" => "",
            _ => code ?? "",
        };

        private static string Ratio(int a, int b) => b == 0 ? "-" : (a / (double)b).ToString("0.00", CultureInfo.InvariantCulture);
    }
}
