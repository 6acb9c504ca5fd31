using System.Text.RegularExpressions;

namespace FhirApp.Cli.Tests;

/// <summary>`fhirapp scrub` and `fhirapp bench scrub` run in-process on NDJSON folders written by the test.</summary>
public sealed partial class ScrubCommandTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("fhirapp-cli-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task GivenExportWithMalformedLineAndDanglingReference_WhenScrubbed_ThenBatchCompletesWithOneCsvRowPerFinding()
    {
        var claims = WriteExport();
        var csv = Path.Combine(_work.FullName, "findings.csv");

        var (exit, output) = await Run("scrub", "--claims", claims, "--out", csv, "--today", "2026-06-30");

        exit.ShouldBe(0, output);
        var lines = File.ReadAllText(csv).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("claim_id,rule_id,severity,predicted_carc,message,source,category,line,trigger,proposed_fix");
        // One row per finding (the summary's count), each naming its claim, rule and source.
        var rows = lines.Skip(1).ToList();
        output.ShouldContain($"Findings:          {rows.Count}");
        rows.ShouldAllBe(r => r.Split(',').Length >= 6 && r.Split(',')[1].Length > 0);
        // The late claim passes Acme's 90-day filing limit.
        var late = rows.Single(r => r.StartsWith("claim-late,filing.limit-passed,", StringComparison.Ordinal));
        late.ShouldStartWith("claim-late,filing.limit-passed,hold,CO-29,");
        late.ShouldContain("\"Acme Health Plan provider manual (demo) v2026-01, section 7.1 claim submission timeframes\"");
        output.ShouldContain("Claims read:       3");
        output.ShouldContain("Claims scrubbed:   3");
        output.ShouldContain("Resources skipped: 1");
        output.ShouldContain("Claim.ndjson:line 3");
        output.ShouldContain("not valid JSON");
        output.ShouldContain("claim-ghost -> Patient/p-ghost (not in the export)");
    }

    [Fact]
    public async Task GivenTheSameExportAndDay_WhenScrubbedTwice_ThenTheCsvIsIdentical()
    {
        var claims = WriteExport();
        var first = Path.Combine(_work.FullName, "a.csv");
        var second = Path.Combine(_work.FullName, "b.csv");
        (await Run("scrub", "--claims", claims, "--out", first, "--today", "2026-06-30")).Exit.ShouldBe(0);
        (await Run("scrub", "--claims", claims, "--out", second, "--today", "2026-06-30")).Exit.ShouldBe(0);
        File.ReadAllBytes(second).ShouldBe(File.ReadAllBytes(first));
    }

    [Theory]
    [InlineData("scrub", "--claims", "{dir}")]
    [InlineData("scrub", "--out", "x.csv")]
    [InlineData("scrub", "--claims", "{dir}", "--out", "x.csv", "--today", "30/06/2026")]
    [InlineData("scrub", "--claims", "{dir}", "--out", "x.csv", "--bogus")]
    [InlineData("bench", "scrub", "--claims", "0")]
    [InlineData("bench", "scrub")]
    [InlineData("frobnicate")]
    public async Task GivenBadArguments_WhenRun_ThenExitCodeIs2(params string[] args)
    {
        var dir = WriteExport();
        var (exit, output) = await Run([.. args.Select(a => a.Replace("{dir}", dir, StringComparison.Ordinal))]);
        exit.ShouldBe(2, output);
    }

    [Fact]
    public async Task GivenMissingClaimsFolder_WhenScrubbed_ThenExitCodeIs1()
    {
        var (exit, output) = await Run("scrub", "--claims", Path.Combine(_work.FullName, "nope"), "--out", Path.Combine(_work.FullName, "x.csv"));
        exit.ShouldBe(1);
        output.ShouldContain("does not exist");
    }

    [Fact]
    public async Task GivenSmallN_WhenBenchScrubRuns_ThenTheLastLinesAreTheRatioAndTheThroughput()
    {
        var (exit, output) = await Run("bench", "scrub", "--claims", "60", "--seed", "3");
        exit.ShouldBe(0, output);
        var lines = output.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        RatioLine().IsMatch(lines[^2]).ShouldBeTrue(lines[^2]);
        ThroughputLine().IsMatch(lines[^1]).ShouldBeTrue(lines[^1]);
        output.ShouldContain("ratio to raw read");
        output.ShouldContain("Cost per core:");
    }

    private static async Task<(int Exit, string Output)> Run(params string[] args)
    {
        using var output = new StringWriter();
        var exit = await FhirAppCommandLine.RunAsync(args, output);
        return (exit, output.ToString());
    }

    /// <summary>
    /// A small Bulk export: Acme as payer, two patients with coverage, a claim past the filing limit, a clean recent
    /// claim, a claim whose patient is not in the export, and one line that is not JSON at all.
    /// </summary>
    private string WriteExport()
    {
        var dir = Path.Combine(_work.FullName, "export");
        if (Directory.Exists(dir))
        {
            return dir;
        }

        Directory.CreateDirectory(dir);
        File.WriteAllLines(Path.Combine(dir, "Organization.ndjson"),
        [
            """{"resourceType":"Organization","id":"org-payer-acme","name":"Acme Health Plan"}""",
            """{"resourceType":"Organization","id":"org-practice","name":"Riverside","identifier":[{"system":"http://hl7.org/fhir/sid/us-npi","value":"1703849269"}]}""",
        ]);
        File.WriteAllLines(Path.Combine(dir, "Patient.ndjson"),
        [
            """{"resourceType":"Patient","id":"p-1","gender":"female","birthDate":"1970-01-01"}""",
            """{"resourceType":"Patient","id":"p-2","gender":"male","birthDate":"1980-01-01"}""",
        ]);
        File.WriteAllLines(Path.Combine(dir, "Coverage.ndjson"),
        [
            """{"resourceType":"Coverage","id":"cov-1","status":"active","beneficiary":{"reference":"Patient/p-1"},"payor":[{"reference":"Organization/org-payer-acme"}],"period":{"start":"2026-01-01","end":"2026-12-31"}}""",
            """{"resourceType":"Coverage","id":"cov-2","status":"active","beneficiary":{"reference":"Patient/p-2"},"payor":[{"reference":"Organization/org-payer-acme"}],"period":{"start":"2026-01-01","end":"2026-12-31"}}""",
        ]);
        File.WriteAllLines(Path.Combine(dir, "Claim.ndjson"),
        [
            Claim("claim-late", "p-1", "cov-1", "2026-02-10"),
            Claim("claim-recent", "p-2", "cov-2", "2026-06-20"),
            """{"resourceType":"Claim","id":"claim-broken", "status": """,
            Claim("claim-ghost", "p-ghost", "cov-2", "2026-06-21"),
        ]);
        return dir;
    }

    private static string Claim(string id, string patient, string coverage, string dos) =>
        $$$"""{"resourceType":"Claim","id":"{{{id}}}","status":"active","type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/claim-type","code":"professional"}]},"use":"claim","patient":{"reference":"Patient/{{{patient}}}"},"created":"{{{dos}}}","insurer":{"reference":"Organization/org-payer-acme"},"provider":{"reference":"Organization/org-practice"},"priority":{"coding":[{"code":"normal"}]},"diagnosis":[{"sequence":1,"diagnosisCodeableConcept":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"M17.11"}]}}],"insurance":[{"sequence":1,"focal":true,"coverage":{"reference":"Coverage/{{{coverage}}}"}}],"item":[{"sequence":1,"diagnosisSequence":[1],"productOrService":{"coding":[{"system":"http://www.ama-assn.org/go/cpt","code":"99213"}]},"servicedDate":"{{{dos}}}","locationCodeableConcept":{"coding":[{"code":"11"}]},"quantity":{"value":1}}]}""";

    [GeneratedRegex(@"^scrub_vs_parse_ratio=\d+(\.\d+)?$")]
    private static partial Regex RatioLine();

    [GeneratedRegex(@"^scrub_claims_per_second=\d+ claims=60$")]
    private static partial Regex ThroughputLine();
}
