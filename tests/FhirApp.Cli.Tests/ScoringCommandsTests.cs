namespace FhirApp.Cli.Tests;

/// <summary>`fhirapp synth`, `train` and `score` end to end in-process, on a practice small enough to train in seconds.</summary>
public sealed class ScoringCommandsTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("fhirapp-cli-score-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task GivenASynthPractice_WhenTrainedAndScored_ThenMetricsArePrintedAndOneCsvRowPerFutureClaim()
    {
        var practice = Path.Combine(_work.FullName, "practice");
        var model = Path.Combine(_work.FullName, "model");
        var scores = Path.Combine(_work.FullName, "scores.csv");

        var (synthExit, synthOut) = await Run("synth", "--out", practice, "--patients", "150", "--months", "12", "--seed", "22");
        var (trainExit, trainOut) = await Run("train", "--history", Path.Combine(practice, "history"), "--model", model);
        var (scoreExit, scoreOut) = await Run("score", "--claims", Path.Combine(practice, "future"), "--history", Path.Combine(practice, "history"),
            "--model", model, "--out", scores, "--truth", Path.Combine(practice, "truth.csv"));

        synthExit.ShouldBe(0, synthOut);
        synthOut.ShouldContain("first-pass denial rate");
        trainExit.ShouldBe(0, trainOut);
        trainOut.ShouldContain("AUC:");
        trainOut.ShouldContain("ECE:");
        trainOut.ShouldContain("Per payer (holdout):");
        trainOut.ShouldContain("Summit Community Health Plan");
        scoreExit.ShouldBe(0, scoreOut);
        scoreOut.ShouldContain("oracle AUC");
        var rows = File.ReadAllLines(scores);
        rows[0].ShouldBe("claim_id,risk,top_reason,top_reason_probability,reason2,p2,reason3,p3,cold_start,model_version,explanation");
        var future = File.ReadAllLines(Path.Combine(practice, "truth.csv")).Count(l => l.EndsWith(",future", StringComparison.Ordinal));
        rows.Length.ShouldBe(future + 1);
        rows.Skip(1).ShouldAllBe(r => r.StartsWith("sim-claim-", StringComparison.Ordinal) && r.Contains(",false,dr-", StringComparison.Ordinal));
    }

    [Fact]
    public void GivenTheShippedPayerRules_WhenRotated_ThenEachPayerKeepsItsIdentityAndTakesTheNextPayersRules()
    {
        var shipped = FhirApp.Core.Scrubbing.RuleBookLoader.Load();
        var rotated = FhirApp.Core.Scrubbing.RuleBookLoader.Load(
            FhirApp.Cli.Bench.BenchGapsCommand.RotatePayerRules(FhirApp.Core.Scrubbing.RuleBookLoader.DefaultDirectory, Path.Combine(_work.FullName, "rotated")));

        var ids = shipped.Payers.Select(p => p.PayerId).Order(StringComparer.Ordinal).ToList();
        ids.Count.ShouldBeGreaterThan(1);
        rotated.Payers.Select(p => p.PayerId).Order(StringComparer.Ordinal).ShouldBe(ids);
        for (var i = 0; i < ids.Count; i++)
        {
            var before = Latest(shipped, ids[i]);
            var next = Latest(shipped, ids[(i + 1) % ids.Count]);
            var after = Latest(rotated, ids[i]);
            after.SubscriberIdPattern.ShouldBe(before.SubscriberIdPattern, "member-id formats stay with their payer");
            after.FilingLimitDays.ShouldBe(next.FilingLimitDays);
            after.AuthRequired.Select(a => a.Code).ShouldBe(next.AuthRequired.Select(a => a.Code));
            after.CoverageLists.Count.ShouldBe(next.CoverageLists.Count);
        }
    }

    private static FhirApp.Core.Scrubbing.PayerPolicyVersion Latest(FhirApp.Core.Scrubbing.RuleBook rules, string payerId) =>
        rules.Payers.Single(p => p.PayerId == payerId).Versions.MaxBy(v => v.Effective)!;

    [Fact]
    public async Task GivenOneSmallPracticePerRuleTable_WhenBenchGapsRuns_ThenItPrintsPerPayerGapsForBothTablesAndTheMaxGap()
    {
        var (exit, output) = await Run("bench", "gaps", "--seeds", "22", "--patients", "150");

        exit.ShouldBe(0, output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var table in new[] { "shipped", "rotated" })
        {
            lines.ShouldContain(l => l.StartsWith($"{table} ", StringComparison.Ordinal) && l.Contains("all payers", StringComparison.Ordinal));
            lines.ShouldContain(l => l.StartsWith($"{table} ", StringComparison.Ordinal) && l.Contains("Summit Community Health Plan", StringComparison.Ordinal));
            lines.ShouldContain(l => l.StartsWith($"{table} ", StringComparison.Ordinal) && l.Contains("reason top-1", StringComparison.Ordinal));
        }
        var gaps = lines.Where(l => l.Contains("all payers", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        gaps.Count.ShouldBe(2);
        lines[^1].ShouldBe(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"max_auc_gap={gaps.Max():0.000}"));
    }

    [Fact]
    public async Task GivenOneSmallRandomizedPractice_WhenBenchGapsRunsRandomized_ThenItPrintsOracleFiguresPerPayerAndMechanismAndNamesThemLast()
    {
        var (exit, output) = await Run("bench", "gaps", "--randomized", "--seeds", "22", "--patients", "150", "--no-default");

        exit.ShouldBe(0, output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines[0].ShouldStartWith("practice");
        var practice = lines.Where(l => l.StartsWith("random s22 p150 ", StringComparison.Ordinal)).ToList();
        practice.Count.ShouldBeGreaterThan(2, "all payers and each payer");
        lines.ShouldNotContain(l => l.StartsWith("default", StringComparison.Ordinal));
        var overall = practice.Single(l => l.Contains("all payers", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var (auc, oracle, gap) = (Number(overall[7]), Number(overall[8]), Number(overall[9]));
        gap.ShouldBe(oracle - auc, 0.0015);
        lines.ShouldContain(l => l.Contains("top reason right", StringComparison.Ordinal), "the per-mechanism table");
        lines[^1].ShouldStartWith(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"max_auc_gap={gap:0.000} mean_auc_gap={gap:0.000} max_p80_shortfall="));
        lines[^1].ShouldContain(" top_reason_accuracy=");
        lines[^1].ShouldContain(" min_top_reason_accuracy=");
    }

    private static double Number(string text) => double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("bench", "gaps", "--seeds", "one")]
    [InlineData("bench", "gaps", "--patients", "500,2000")]
    [InlineData("bench", "gaps", "--randomized", "--patients", "0")]
    [InlineData("synth")]
    [InlineData("synth", "--out", "x", "--patients", "0")]
    [InlineData("synth", "--out", "x", "--payer-mix", "acme")]
    [InlineData("synth", "--out", "x", "--specialty", "cardiology")]
    [InlineData("train", "--history", "x")]
    [InlineData("score", "--claims", "x", "--out", "y.csv")]
    [InlineData("bench", "score", "--claims", "0")]
    public async Task GivenBadArguments_WhenRun_ThenExitCodeIs2(params string[] args) =>
        (await Run(args)).Exit.ShouldBe(2);

    [Fact]
    public async Task GivenAMissingModel_WhenScoring_ThenExitCodeIs1AndSaysToTrain()
    {
        var claims = Directory.CreateDirectory(Path.Combine(_work.FullName, "claims")).FullName;
        var (exit, output) = await Run("score", "--claims", claims, "--model", Path.Combine(_work.FullName, "none"), "--out", Path.Combine(_work.FullName, "s.csv"));
        exit.ShouldBe(1);
        output.ShouldContain("fhirapp train");
    }

    private static async Task<(int Exit, string Output)> Run(params string[] args)
    {
        using var output = new StringWriter();
        var exit = await FhirAppCommandLine.RunAsync(args, output);
        return (exit, output.ToString());
    }
}
