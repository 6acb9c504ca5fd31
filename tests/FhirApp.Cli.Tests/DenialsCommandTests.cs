using System.Text.RegularExpressions;

namespace FhirApp.Cli.Tests;

/// <summary>`fhirapp denials` and `fhirapp bench denials` run in-process on the demo fixtures and files written by the test.</summary>
public sealed partial class DenialsCommandTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("fhirapp-cli-denials-");

    public void Dispose() => _work.Delete(recursive: true);

    private static string DemoDirectory => FhirApp.Tests.Shared.RepositoryPaths.DemoFixtures;

    [Fact]
    public async Task GivenDemoPractice_WhenDenialsRun_ThenOneRowPerDeniedLineWithTheIssueColumnsFirst()
    {
        var csv = Path.Combine(_work.FullName, "denials.csv");

        var (exit, output) = await Run("denials", "--eobs", DemoDirectory, "--out", csv, "--today", "2026-05-01");

        exit.ShouldBe(0, output);
        var lines = File.ReadAllText(csv).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("claim_id,eob_id,kind,category,owner,carc,amount,appeal_deadline,rarc,group,route,rule_that_should_have_caught_it,");
        lines.Length.ShouldBe(6, output);
        lines.ShouldContain("claim-maria-20610,cr-maria-20610,denial,authorization,authorization,197,250.00,2026-08-23,,CO,appeal,auth,2,ClaimResponse,org-payer-acme,2026-02-24,first-level appeal,114,,,", "a ClaimResponse names no procedure or care team");
        lines.ShouldContain(l => l.StartsWith("claim-robert-coverage-ended,eob-robert-coverage-ended,denial,eligibility,front-desk,27,95.00,", StringComparison.Ordinal));
        // The demo care teams name the "primary" practitioner: the rendering provider, as on the claim page and in the scrubber.
        lines.ShouldContain(l => l.StartsWith("claim-james-90837,eob-james-90837,denial,", StringComparison.Ordinal) && l.EndsWith(",90837,pr-david-kim", StringComparison.Ordinal));
        output.ShouldContain("Lines needing work:    5");
    }

    [Fact]
    public async Task GivenNdjsonExportWithRejectionRecoupmentAndABadLine_WhenDenialsRun_ThenKindsAreKeptApartAndTheBadLineIsSkipped()
    {
        var export = Directory.CreateDirectory(Path.Combine(_work.FullName, "export")).FullName;
        await File.WriteAllLinesAsync(Path.Combine(export, "ClaimResponse.ndjson"),
        [
            """{"resourceType":"ClaimResponse","id":"cr-rej","status":"active","type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/claim-type","code":"professional"}]},"use":"claim","patient":{"reference":"Patient/p1"},"created":"2026-04-02","insurer":{"reference":"Organization/org-payer-acme"},"request":{"reference":"Claim/c-rej"},"outcome":"error","error":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/adjudication-error","code":"a001"}]}}]}""",
            """{"resourceType":"ClaimResponse","id":"cr-bad",""",
        ]);
        await File.WriteAllLinesAsync(Path.Combine(export, "ExplanationOfBenefit.ndjson"),
        [
            """{"resourceType":"ExplanationOfBenefit","id":"eob-recoup","status":"active","type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/claim-type","code":"professional"}]},"use":"claim","patient":{"reference":"Patient/p1"},"created":"2026-04-02","insurer":{"reference":"Organization/org-payer-medicare"},"provider":{"reference":"Organization/org-practice"},"claim":{"reference":"Claim/c-recoup"},"outcome":"complete","insurance":[{"focal":true,"coverage":{"reference":"Coverage/cov1"}}],"item":[{"sequence":1,"productOrService":{"coding":[{"system":"http://www.ama-assn.org/go/cpt","code":"99213"}]},"adjudication":[{"category":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/adjudication","code":"submitted"}]},"amount":{"value":100,"currency":"USD"}},{"category":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/adjudication","code":"benefit"}]},"amount":{"value":-40,"currency":"USD"}}]}]}""",
        ]);
        var csv = Path.Combine(_work.FullName, "out.csv");

        var (exit, output) = await Run("denials", "--eobs", export, "--out", csv, "--today", "2026-05-01");

        exit.ShouldBe(0, output);
        var rows = File.ReadAllText(csv).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        rows.ShouldContain(r => r.StartsWith("c-rej,cr-rej,rejection,", StringComparison.Ordinal) && r.EndsWith(",a001,,", StringComparison.Ordinal));
        rows.ShouldContain(r => r.StartsWith("c-recoup,eob-recoup,recoupment,other,billing,,40.00,2026-07-31,", StringComparison.Ordinal));
        output.ShouldContain("Resources skipped:     1");
        output.ShouldContain("ClaimResponse.ndjson:line 2");
    }

    [Theory]
    [InlineData("denials", "--out", "x.csv")]
    [InlineData("denials", "--eobs", "{dir}")]
    [InlineData("bench", "denials", "--eobs", "0")]
    [InlineData("bench", "denials")]
    public async Task GivenBadArguments_WhenRun_ThenExitCodeIs2(params string[] args)
    {
        var (exit, output) = await Run([.. args.Select(a => a.Replace("{dir}", _work.FullName, StringComparison.Ordinal))]);

        exit.ShouldBe(2, output);
    }

    [Fact]
    public async Task GivenMissingFolder_WhenDenialsRun_ThenExitCodeIs1()
    {
        var (exit, output) = await Run("denials", "--eobs", Path.Combine(_work.FullName, "nope"), "--out", Path.Combine(_work.FullName, "x.csv"));

        exit.ShouldBe(1);
        output.ShouldContain("does not exist");
    }

    [Fact]
    public async Task GivenSmallN_WhenBenchDenialsRuns_ThenEveryEobIsReadAndTheLastLineIsTheRate()
    {
        var (exit, output) = await Run("bench", "denials", "--eobs", "200", "--seed", "3");

        exit.ShouldBe(0, output);
        output.ShouldContain("skipped 0");
        var last = output.TrimEnd().Split('\n')[^1].TrimEnd('\r');
        RateLine().IsMatch(last).ShouldBeTrue(last);
    }

    private static async Task<(int Exit, string Output)> Run(params string[] args)
    {
        using var output = new StringWriter();
        var exit = await FhirAppCommandLine.RunAsync(args, output);
        return (exit, output.ToString());
    }

    [GeneratedRegex(@"^ndjson_eobs_per_second=\d+$")]
    private static partial Regex RateLine();
}
