using FhirApp.Core.Learning;
using FhirApp.Core.Scoring.Synthetic;
using FhirApp.Core.Scrubbing;

namespace FhirApp.Core.Tests.Learning;

/// <summary>
/// The rule book mined from fixed seeded practices, pinned by its version (a hash of every payer summary and rule, with
/// all their parameters and evidence): a change meant only to make mining faster must leave these books exactly as they
/// were. The pins were taken before the mining-speed work (issue 18). A change that is meant to change what is learned
/// (thresholds, a new shape, payer identity) updates them, and says so.
/// </summary>
public sealed class RuleMinerPinnedBookTests : IDisposable
{
    private static readonly RuleBook Rules = RuleBookLoader.Load();
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("fhirapp-mine-pinned-");

    public void Dispose() => _work.Delete(recursive: true);

    [Theory]
    [InlineData(1, 500, true, "24 rules, version 0b253f7256ca")]
    [InlineData(2, 500, true, "19 rules, version cfb251b639c0")]
    [InlineData(3, 300, true, "11 rules, version 8ef5701f1583")]
    [InlineData(7, 1000, true, "31 rules, version 29fc33fc0691")]
    [InlineData(1, 300, false, "15 rules, version d94b992e2e03")]
    public void GivenASeededPractice_WhenItsHistoryIsMinedWithTheShippedRules_ThenTheBookIsThePinnedOne(int seed, int patients, bool randomized, string pinned)
    {
        var options = new PracticeSimulatorOptions { Patients = patients, Months = 12, Seed = seed, Randomized = randomized };
        PracticeSimulator.Simulate(options, Rules).Write(_work.FullName);

        var book = RuleMiner.Mine([Path.Combine(_work.FullName, "history")], options.Today, shipped: Rules);

        $"{book.Rules.Count} rules, version {book.Version}".ShouldBe(pinned, "rules: " + string.Join(", ", book.Rules.Select(r => r.Id)));
    }
}
