using FhirApp.Core.Learning;
using FhirApp.Core.Scoring.Synthetic;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Learned;

namespace FhirApp.Core.Tests.Learning;

/// <summary>The miner against a randomized practice's truth, and its independence from our simulators.</summary>
public sealed class RuleMinerOnRandomizedPracticeTests : IDisposable
{
    private static readonly RuleBook Rules = RuleBookLoader.Load();
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("fhirapp-mine-random-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public void GivenARandomizedPractice_WhenItsHistoryIsMined_ThenTheLearnedRulesAreMostlyTrueMechanisms()
    {
        var practice = PracticeSimulator.Simulate(new PracticeSimulatorOptions { Patients = 300, Months = 12, Seed = 3, Randomized = true }, Rules);
        practice.Write(_work.FullName);

        var book = RuleMiner.Mine([Path.Combine(_work.FullName, "history")], new DateOnly(2026, 12, 31));

        static string Key(string payer, string shape, string? code, string? other) =>
            $"{payer}|{shape}|{(shape is "filing-limit" or "member-id-format" or "coverage-lapse" or "unspecified-diagnosis" ? "" : shape == "bundled-pair" ? other + ">" + code : code)}";
        var truth = practice.Mechanisms!.Select(m => Key(m.PayerId, m.Mechanism, m.Code, m.OtherCode)).ToHashSet();
        var learnable = practice.Mechanisms!.Where(m => m.HistoryDenials >= 5).Select(m => Key(m.PayerId, m.Mechanism, m.Code, m.OtherCode)).ToHashSet();
        var learned = book.Rules.Select(r => Key(r.PayerId, System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(r.Shape.ToString()), r.Parameters.Code, r.Parameters.OtherCode)).ToHashSet();

        book.Rules.Count.ShouldBeGreaterThan(5);
        // At this seed: every learned rule is a true mechanism, and most mechanisms with five or more denials are learned.
        (learned.Count(truth.Contains) / (double)learned.Count).ShouldBeGreaterThanOrEqualTo(0.9);
        (learnable.Count(learned.Contains) / (double)learnable.Count).ShouldBeGreaterThanOrEqualTo(0.7);
        book.History.Adjudicated.ShouldBe(practice.Truth.Count(t => !t.Future));
        book.Payers.Select(p => p.PayerId).Order().ShouldBe(practice.Mechanisms!.Select(m => m.PayerId).Distinct().Order());
    }

    [Fact]
    public void GivenTheMinerAndLearnedRuleSources_ThenNoPayerOrCodeOfOurSimulatorsAppears()
    {
        var sources = new[] { Path.Combine("src", "FhirApp.Core", "Learning"), Path.Combine("src", "FhirApp.Core", "Scrubbing", "Learned") }
            .SelectMany(d => Directory.GetFiles(Path.Combine(FhirApp.Tests.Shared.RepositoryPaths.Root, d), "*.cs"))
            .ToList();
        sources.Count.ShouldBeGreaterThan(5);
        // The default practice's payers and codes, and the randomized mode's code pools and name parts.
        string[] forbidden =
        [
            "org-payer", "acme", "bluepeak", "summit", "medicare", "riverside", "sim-claim", "org-prac", "pyr-",
            "73721", "29881", "20610", "27447", "73562", "90837", "90834", "99213", "99214", "29877", "97110", "96372",
            "Granite", "Keystone", "Heartland", "Cascade",
        ];
        foreach (var file in sources)
        {
            var text = File.ReadAllText(file);
            foreach (var word in forbidden)
            {
                text.Contains(word, StringComparison.OrdinalIgnoreCase).ShouldBeFalse($"{Path.GetFileName(file)} mentions '{word}'");
            }
        }
    }
}
