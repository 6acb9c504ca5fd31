namespace FhirApp.Cli.Tests;

/// <summary>`fhirapp synth --randomized`, `rules learn`, `scrub --history` and `bench rules` end to end in-process, on small practices.</summary>
public sealed class RulesCommandTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("fhirapp-cli-rules-");

    public void Dispose() => _work.Delete(recursive: true);

    private async Task<string> RandomizedPractice()
    {
        var practice = Path.Combine(_work.FullName, "practice");
        var (exit, output) = await Run("synth", "--randomized", "--out", practice, "--patients", "200", "--seed", "3");
        exit.ShouldBe(0, output);
        output.ShouldContain("Randomized: ");
        File.Exists(Path.Combine(practice, "mechanisms.json")).ShouldBeTrue();
        File.Exists(Path.Combine(practice, "causes.csv")).ShouldBeTrue();
        return practice;
    }

    [Fact]
    public async Task GivenARandomizedPractice_WhenRulesAreLearned_ThenTheBookIsWrittenAndPrintedAsATable()
    {
        var practice = await RandomizedPractice();
        var rules = Path.Combine(_work.FullName, "rules.json");

        var (exit, output) = await Run("rules", "learn", "--history", Path.Combine(practice, "history"), "--out", rules, "--today", "2026-12-31");

        exit.ShouldBe(0, output);
        var book = FhirApp.Core.Scrubbing.Learned.LearnedRuleBook.Load(rules);
        book.Rules.ShouldNotBeEmpty();
        book.MinedOn.ShouldBe(new DateOnly(2026, 12, 31));
        output.ShouldContain("payer                  shape                  parameters");
        output.ShouldContain($"{book.Rules.Count} rule(s) for {book.Payers.Count} payer(s); rule book version {book.Version}.");
        output.ShouldContain("Skipped: 0 without an outcome, 0 EOBs without their claim");
        foreach (var rule in book.Rules)
        {
            output.ShouldContain($"{rule.FirstSeen:yyyy-MM-dd}..{rule.LastSeen:yyyy-MM-dd}");
        }
    }

    [Fact]
    public async Task GivenAHistory_WhenFutureClaimsAreScrubbedWithIt_ThenLearnedFindingsJoinTheShippedOnes()
    {
        var practice = await RandomizedPractice();
        var withHistory = Path.Combine(_work.FullName, "with.csv");
        var without = Path.Combine(_work.FullName, "without.csv");
        var future = Path.Combine(practice, "future");

        var (exit, output) = await Run("scrub", "--claims", future, "--history", Path.Combine(practice, "history"), "--out", withHistory, "--today", "2026-12-31");
        var (plainExit, _) = await Run("scrub", "--claims", future, "--out", without, "--today", "2026-12-31");

        exit.ShouldBe(0, output);
        plainExit.ShouldBe(0);
        output.ShouldContain("Learned rules: ");
        var futureClaims = File.ReadAllLines(Path.Combine(practice, "truth.csv")).Count(l => l.EndsWith(",future", StringComparison.Ordinal));
        output.ShouldContain($"Claims read:       {futureClaims}"); // the history's claims are context, not scrubbed
        var learned = File.ReadAllLines(withHistory).Skip(1).Where(r => r.Split(',')[1].StartsWith("learned.", StringComparison.Ordinal)).ToList();
        learned.ShouldNotBeEmpty();
        learned.ShouldAllBe(r => r.Contains("Learned from this practice's remittances", StringComparison.Ordinal) || r.Contains("conservative defaults", StringComparison.Ordinal));
        File.ReadAllLines(without).Skip(1).ShouldNotContain(r => r.Split(',')[1].StartsWith("learned.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GivenASavedRuleBook_WhenScrubbedWithRules_ThenItIsUsedWithoutMining()
    {
        var practice = await RandomizedPractice();
        var rules = Path.Combine(_work.FullName, "rules.json");
        (await Run("rules", "learn", "--history", Path.Combine(practice, "history"), "--out", rules, "--today", "2026-12-31")).Exit.ShouldBe(0);
        var csv = Path.Combine(_work.FullName, "f.csv");

        var (exit, output) = await Run("scrub", "--claims", Path.Combine(practice, "future"), "--rules", rules, "--out", csv, "--today", "2026-12-31");

        exit.ShouldBe(0, output);
        output.ShouldContain($"(rule book {FhirApp.Core.Scrubbing.Learned.LearnedRuleBook.Load(rules).Version})");
    }

    [Fact]
    public async Task GivenMissingFoldersOrABadBook_WhenRun_ThenExitCodeIs1WithTheReason()
    {
        var missing = Path.Combine(_work.FullName, "nope");
        var bad = Path.Combine(_work.FullName, "bad.json");
        File.WriteAllText(bad, "{}x");

        var (learnExit, learnOut) = await Run("rules", "learn", "--history", missing, "--out", Path.Combine(_work.FullName, "r.json"));
        var (scrubExit, scrubOut) = await Run("scrub", "--claims", _work.FullName, "--history", missing, "--out", Path.Combine(_work.FullName, "x.csv"));
        var (bookExit, bookOut) = await Run("scrub", "--claims", _work.FullName, "--rules", bad, "--out", Path.Combine(_work.FullName, "y.csv"));

        (learnExit, scrubExit, bookExit).ShouldBe((1, 1, 1));
        learnOut.ShouldContain("does not exist");
        scrubOut.ShouldContain("does not exist");
        bookOut.ShouldContain("cannot be read");
    }

    [Theory]
    [InlineData("rules", "learn", "--out", "x.json")]
    [InlineData("rules", "learn", "--history", "h")]
    [InlineData("bench", "rules", "--seeds", "a,b")]
    [InlineData("bench", "rules", "--patients", "0")]
    public async Task GivenBadArguments_WhenRun_ThenExitCodeIs2(params string[] args) =>
        (await Run(args)).Exit.ShouldBe(2);

    [Fact]
    public async Task GivenOneSmallPractice_WhenBenchRulesRuns_ThenItPrintsRecallHeldAndTheMechanismTable()
    {
        var (exit, output) = await Run("bench", "rules", "--seeds", "3", "--patients", "150", "--throughput-claims", "0", "--no-default");

        exit.ShouldBe(0, output);
        output.ShouldContain("random s3 p150");
        output.ShouldContain("mechanism               truth learnable learned  right precision  recall recall(learnable)");
        output.ShouldContain("unspecified-diagnosis");
        output.Trim().Split('\n')[^1].ShouldStartWith("min_recall=");
        output.Trim().Split('\n')[^1].ShouldEndWith("mining_seconds_0k=skipped");
    }

    private static async Task<(int Exit, string Output)> Run(params string[] args)
    {
        using var output = new StringWriter();
        var exit = await FhirAppCommandLine.RunAsync(args, output);
        return (exit, output.ToString());
    }
}
