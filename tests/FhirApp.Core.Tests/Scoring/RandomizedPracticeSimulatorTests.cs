using System.Globalization;
using FhirApp.Core.Claims;
using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Scoring;
using FhirApp.Core.Scoring.Synthetic;
using FhirApp.Core.Scrubbing;

namespace FhirApp.Core.Tests.Scoring;

/// <summary>`fhirapp synth --randomized`: reproducible, unlike the default practice, and its truth files agree with its history.</summary>
public sealed class RandomizedPracticeSimulatorTests : IDisposable
{
    private static readonly RuleBook Rules = RuleBookLoader.Load();
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("fhirapp-synth-random-");

    public void Dispose() => _work.Delete(recursive: true);

    private static PracticeSimulatorOptions Options(int seed, int patients = 80) => new() { Patients = patients, Months = 12, Seed = seed, Randomized = true };

    [Fact]
    public void GivenTheSameSeed_WhenSimulatedTwice_ThenEveryFileIsByteIdentical()
    {
        var a = Path.Combine(_work.FullName, "a");
        var b = Path.Combine(_work.FullName, "b");
        var c = Path.Combine(_work.FullName, "c");

        PracticeSimulator.Simulate(Options(5), Rules).Write(a);
        PracticeSimulator.Simulate(Options(5), Rules).Write(b);
        PracticeSimulator.Simulate(Options(6), Rules).Write(c);

        var files = Directory.GetFiles(a, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(a, f)).Order(StringComparer.Ordinal).ToList();
        files.ShouldContain("mechanisms.json");
        files.ShouldContain("causes.csv");
        files.ShouldContain("truth.csv");
        files.ShouldContain(Path.Combine("history", "ExplanationOfBenefit.ndjson"));
        foreach (var file in files)
        {
            File.ReadAllBytes(Path.Combine(b, file)).ShouldBe(File.ReadAllBytes(Path.Combine(a, file)), file);
        }

        File.ReadAllBytes(Path.Combine(c, "mechanisms.json")).ShouldNotBe(File.ReadAllBytes(Path.Combine(a, "mechanisms.json")));
    }

    [Fact]
    public void GivenSeveralSeeds_WhenSimulated_ThenPayersCodesAndMechanismsDifferAndNoneIsTheDefaultPractices()
    {
        var defaultPayers = PracticeSimulator.DefaultPayerMix.Keys.ToHashSet(StringComparer.Ordinal);
        var practices = new[] { 1, 2, 3 }.Select(seed => PracticeSimulator.Simulate(Options(seed), Rules)).ToList();

        var payerSets = practices.Select(p => string.Join(",", p.Mechanisms!.Select(m => m.PayerName).Distinct().Order(StringComparer.Ordinal))).ToList();
        payerSets.Distinct().Count().ShouldBe(3);
        practices.SelectMany(p => p.Mechanisms!).ShouldNotContain(m => defaultPayers.Contains(m.PayerId));
        practices.SelectMany(p => p.History.OfType<Hl7.Fhir.Model.Organization>()).ShouldNotContain(o => o.Name != null && o.Name.Contains("Riverside", StringComparison.Ordinal));
        var shapes = practices.Select(p => string.Join(",", p.Mechanisms!.Select(m => m.Mechanism).Distinct().Order(StringComparer.Ordinal))).ToList();
        shapes.Distinct().Count().ShouldBeGreaterThan(1);
        var codes = practices.Select(p => p.History.OfType<Hl7.Fhir.Model.Claim>().SelectMany(c => c.Item).Select(i => i.ProductOrService.Coding[0].Code).ToHashSet()).ToList();
        codes[0].SetEquals(codes[1]).ShouldBeFalse();
    }

    [Fact]
    public void GivenARandomizedPractice_WhenItsHistoryIsLabelled_ThenLabelsMatchTruthAndCausesListEveryDenial()
    {
        var dir = _work.FullName;
        var practice = PracticeSimulator.Simulate(Options(3, 150), Rules);
        practice.Write(dir);
        var truth = practice.Truth.ToDictionary(t => t.ClaimId);

        var read = FhirResourceReader.ReadDirectory(Path.Combine(dir, "history"));
        read.SkippedIssues.ShouldBeEmpty();
        var contexts = PatientRecordGrouper.Group(read.Resources).SelectMany(r => new ClaimContextBuilder().Build(r)).Where(c => c.Claim is not null).ToList();
        contexts.Count.ShouldBe(truth.Values.Count(t => !t.Future));
        foreach (var context in contexts)
        {
            var expected = truth[context.Claim!.Id!];
            var label = DenialLabeler.Label(context).ShouldNotBeNull();
            label.Denied.ShouldBe(expected.Denied, context.Claim.Id);
            label.Reason.ShouldBe(expected.Reason, context.Claim.Id);
        }

        var causes = File.ReadAllLines(Path.Combine(dir, "causes.csv"));
        causes[0].ShouldBe(SimulatedPractice.CausesHeader);
        causes.Length.ShouldBe(1 + truth.Values.Count(t => t.Denied));
        causes.Skip(1).Select(l => l.Split(',')).ShouldAllBe(p => p[4] == "yes" || p[4] == "no");
        // Payer noise is never a visible cause; every visible cause names a mechanism of mechanisms.json.
        var mechanisms = practice.Mechanisms!.Select(m => m.Mechanism).ToHashSet();
        truth.Values.Where(t => t.Denied && t.Mechanism == "noise").ShouldAllBe(t => t.Visible == false);
        truth.Values.Where(t => t.Visible == true).ShouldAllBe(t => mechanisms.Contains(t.Mechanism!));
        // The first-pass denial rate stays in a realistic band (10-35 %) and most denials have a visible cause.
        var history = truth.Values.Where(t => !t.Future).ToList();
        history.Average(t => t.Denied ? 1.0 : 0).ShouldBeInRange(0.08, 0.35);
        history.Count(t => t.Visible == true).ShouldBeGreaterThan(history.Count(t => t.Denied) / 2);
    }

    [Fact]
    public void GivenARandomizedPractice_ThenMechanismsJsonRecordsEachMechanismWithItsHistoryCounts()
    {
        var dir = _work.FullName;
        var practice = PracticeSimulator.Simulate(Options(2, 150), Rules);
        practice.Write(dir);

        var read = RandomizedPracticeWriter.ReadMechanisms(dir);

        read.Count.ShouldBe(practice.Mechanisms!.Count);
        read.ShouldAllBe(m => m.Strictness > 0 && m.Strictness <= 1 && m.Carc.Contains('-', StringComparison.Ordinal));
        read.ShouldAllBe(m => m.HistoryDenials <= m.HistoryMatches);
        read.Where(m => m.Mechanism is "auth-required" or "non-covered" or "referring-required").ShouldAllBe(m => m.Code != null);
        var denied = practice.Truth.Where(t => !t.Future && t.Denied && t.Mechanism is not (null or "noise")).GroupBy(t => (t.PayerId, t.Mechanism)).ToDictionary(g => g.Key, g => g.Count());
        foreach (var ((payer, mechanism), count) in denied)
        {
            // A claim counts once as the cause, but every mechanism that denied it counts it.
            read.Where(m => m.PayerId == payer && m.Mechanism == mechanism).Sum(m => m.HistoryDenials).ShouldBeGreaterThanOrEqualTo(count, $"{payer} {mechanism}");
        }

        File.ReadAllText(Path.Combine(dir, "truth.csv")).Split('\n')[1].Split(',').Length.ShouldBe(6);
        double.Parse(File.ReadAllText(Path.Combine(dir, "truth.csv")).Split('\n')[1].Split(',')[1], CultureInfo.InvariantCulture).ShouldBeInRange(0, 1);
    }
}
