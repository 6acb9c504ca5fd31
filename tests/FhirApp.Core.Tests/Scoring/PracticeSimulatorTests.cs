using System.Globalization;
using FhirApp.Core.Claims;
using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Scoring;
using FhirApp.Core.Scoring.Synthetic;
using FhirApp.Core.Scrubbing;

namespace FhirApp.Core.Tests.Scoring;

/// <summary>`fhirapp synth`'s simulator: reproducible, readable by the export reader, labelled the way truth.csv says.</summary>
public sealed class PracticeSimulatorTests : IDisposable
{
    private static readonly RuleBook Rules = RuleBookLoader.Load();
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("fhirapp-synth-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public void GivenTheSameSeed_WhenSimulatedTwice_ThenEveryFileIsByteIdentical()
    {
        var options = new PracticeSimulatorOptions { Patients = 60, Months = 6, Seed = 7 };
        var a = Path.Combine(_work.FullName, "a");
        var b = Path.Combine(_work.FullName, "b");
        var c = Path.Combine(_work.FullName, "c");

        PracticeSimulator.Simulate(options, Rules).Write(a);
        PracticeSimulator.Simulate(options, Rules).Write(b);
        PracticeSimulator.Simulate(options with { Seed = 8 }, Rules).Write(c);

        var files = Directory.GetFiles(a, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(a, f)).Order(StringComparer.Ordinal).ToList();
        files.ShouldContain(Path.Combine("history", "ExplanationOfBenefit.ndjson"));
        files.ShouldContain(Path.Combine("history", "ClaimResponse.ndjson"));
        files.ShouldContain(Path.Combine("future", "Claim.ndjson"));
        files.ShouldContain("truth.csv");
        Directory.GetFiles(b, "*", SearchOption.AllDirectories).Length.ShouldBe(files.Count);
        foreach (var file in files)
        {
            File.ReadAllBytes(Path.Combine(b, file)).ShouldBe(File.ReadAllBytes(Path.Combine(a, file)), file);
        }

        File.ReadAllBytes(Path.Combine(c, "truth.csv")).ShouldNotBe(File.ReadAllBytes(Path.Combine(a, "truth.csv")));
    }

    [Fact]
    public void GivenASimulatedPractice_WhenItsHistoryIsReadAndLabelled_ThenEveryLabelMatchesTruthCsv()
    {
        var dir = _work.FullName;
        PracticeSimulator.Simulate(new PracticeSimulatorOptions { Patients = 150, Months = 12, Seed = 11 }, Rules).Write(dir);
        var truth = File.ReadAllLines(Path.Combine(dir, "truth.csv")).Skip(1).Select(l => l.Split(','))
            .ToDictionary(p => p[0], p => (P: double.Parse(p[1], CultureInfo.InvariantCulture), Denied: p[2] == "denied", Reason: p[3], Category: p[4], Set: p[5]));

        var read = FhirResourceReader.ReadDirectory(Path.Combine(dir, "history"));
        read.SkippedIssues.ShouldBeEmpty();
        var contexts = PatientRecordGrouper.Group(read.Resources).SelectMany(r => new ClaimContextBuilder().Build(r)).Where(c => c.Claim is not null).ToList();
        var labelled = 0;
        foreach (var context in contexts)
        {
            var expected = truth[context.Claim!.Id!];
            expected.Set.ShouldBe("history");
            var label = DenialLabeler.Label(context);
            label.ShouldNotBeNull(context.Claim.Id);
            label.Denied.ShouldBe(expected.Denied, context.Claim.Id);
            (label.Reason ?? "").ShouldBe(expected.Reason, context.Claim.Id);
            (label.Category?.ToString() ?? "").ShouldBe(expected.Category, context.Claim.Id);
            labelled++;
        }

        labelled.ShouldBe(truth.Values.Count(t => t.Set == "history"));
        // Truth categories are the denials' table's (Denials/Content/carc-categories.json), not a scoring-only split.
        var categoryByReason = truth.Values.Where(t => t.Denied).GroupBy(t => t.Reason).ToDictionary(g => g.Key, g => g.Select(t => t.Category).Distinct().Single());
        categoryByReason["CO-197"].ShouldBe("Authorization");
        categoryByReason["CO-151"].ShouldBe("Coding");
        categoryByReason["CO-B7"].ShouldBe("Eligibility");
        categoryByReason["CO-97"].ShouldBe("Bundling");
        // The issue asks for 10-18% first-pass denials; at this seed the simulator gives 14.1%.
        var rate = truth.Values.Where(t => t.Set == "history").Average(t => t.Denied ? 1.0 : 0.0);
        rate.ShouldBeInRange(0.10, 0.18);
        // Zero-benefit lines that went wholly to the deductible (PR-1) exist and are not denials.
        File.ReadAllText(Path.Combine(dir, "history", "ExplanationOfBenefit.ndjson")).ShouldContain("\"code\":\"deductible\"");
    }

    [Fact]
    public void GivenASimulatedPractice_WhenFutureClaimsAreScrubbed_ThenEveryClaimIsScrubbedWithoutError()
    {
        var dir = _work.FullName;
        var today = new DateOnly(2026, 12, 31);
        PracticeSimulator.Simulate(new PracticeSimulatorOptions { Patients = 100, Months = 6, Seed = 3, Today = today }, Rules).Write(dir);
        var read = FhirResourceReader.ReadDirectory(Path.Combine(dir, "future"));
        var scrubber = new ClaimScrubber(Rules, ScrubRules.All, new FixedClock(today));

        var results = PatientRecordGrouper.Group(read.Resources).SelectMany(r => new ClaimContextBuilder().Build(r)).Select(scrubber.Scrub).ToList();

        results.ShouldNotBeEmpty();
        results.ShouldAllBe(r => r.Error == null);
        // Future claims have no adjudication yet.
        read.Resources.OfType<Hl7.Fhir.Model.ExplanationOfBenefit>().ShouldBeEmpty();
    }

    [Theory]
    [InlineData("acme=0.5,medicare=0.5", 2)]
    [InlineData("org-payer-bluepeak=1", 1)]
    public void GivenAPayerMix_WhenParsed_ThenIdsGetTheirPrefix(string text, int count)
    {
        var mix = PracticeSimulator.ParsePayerMix(text);
        mix.Count.ShouldBe(count);
        mix.Keys.ShouldAllBe(k => k.StartsWith("org-payer-", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("acme")]
    [InlineData("acme=-1")]
    [InlineData("acme=0")]
    public void GivenABadPayerMix_WhenParsed_ThenFormatException(string text) =>
        Should.Throw<FormatException>(() => PracticeSimulator.ParsePayerMix(text));

    private sealed class FixedClock(DateOnly day) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
    }
}
