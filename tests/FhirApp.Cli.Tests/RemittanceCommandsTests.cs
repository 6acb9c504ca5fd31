using System.Text.RegularExpressions;
using FhirApp.Cli.Bench;
using FhirApp.Core.Remittance;
using FhirApp.Core.Scrubbing.Corrections.X12;

namespace FhirApp.Cli.Tests;

/// <summary>`fhirapp import-835`, `denials` over 835 files, `corrected-claim` and `bench 835`, in-process on the x12 fixtures.</summary>
public sealed partial class RemittanceCommandsTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("fhirapp-cli-x12-");

    public void Dispose() => _work.Delete(recursive: true);

    private static string Root => FhirApp.Tests.Shared.RepositoryPaths.Root;

    private static string Remits => Path.Combine(Root, "fhir-fixtures", "x12", "835");

    private static string Demo => Path.Combine(Root, "fhir-fixtures", "demo");

    [Fact]
    public async Task GivenAcceptedRemitsAndAnUnbalancedOne_WhenImported_ThenEobsOfTheAcceptedOnesAndTheRefusalAndUnmatchedClaimsListed()
    {
        var outDir = Path.Combine(_work.FullName, "out");

        var (exit, output) = await Run("import-835", Path.Combine(Remits, "accepted"), Path.Combine(Remits, "refused", "unbalanced-claim.835"), "--out", outDir, "--claims", Demo);

        exit.ShouldBe(1, "a refused file is reported with exit 1; the accepted ones are still written");
        output.ShouldContain("  accepted:         8");
        output.ShouldContain("  refused:          1");
        output.ShouldContain("Matched to claims:  7 of 15");
        var eobs = File.ReadAllLines(Path.Combine(outDir, "ExplanationOfBenefit.ndjson"));
        eobs.Length.ShouldBe(15);
        eobs.ShouldAllBe(l => l.StartsWith("{\"resourceType\":\"ExplanationOfBenefit\",\"id\":\"era-", StringComparison.Ordinal));
        eobs.Count(l => l.Contains("\"reference\":\"Claim/claim-robert-arthroscopy\"", StringComparison.Ordinal)).ShouldBe(3, "payment, reversal and correction");
        File.ReadAllLines(Path.Combine(outDir, "refused.csv")).ShouldBe(
        [
            "file,segment,segment_id,issue",
            $"{Path.Combine(Remits, "refused", "unbalanced-claim.835")},10,CLP,\"claim does not balance: charge 305.00 − paid 173.00 = 132.00, but its claim and line adjustments (CAS) total 142.00\"",
        ]);
        var unmatched = File.ReadAllLines(Path.Combine(outDir, "unmatched.csv"));
        unmatched[0].ShouldBe("file,segment,patient_control_number,payer_claim_number,payer,claim_status,charge,paid");
        unmatched.Skip(1).Select(l => l.Split(',')[2]).ShouldBe(["PCN-1007", "PCN-1008", "PCN-1009", "PCN-2201", "PCN-3300", "PCN-4410", "PCN-5501", "PCN-5502"]);
    }

    [Fact]
    public async Task GivenTheSameRemitUnderTwoNames_WhenImported_ThenItsEobsAreWrittenOnce()
    {
        var copy = Path.Combine(_work.FullName, "again.edi");
        File.Copy(Path.Combine(Remits, "accepted", "denied-acme.835"), copy);

        var (exit, output) = await Run("import-835", Path.Combine(Remits, "accepted", "denied-acme.835"), copy, "--out", Path.Combine(_work.FullName, "out"));

        exit.ShouldBe(0, output);
        output.ShouldContain("EOBs written:       4 (4 repeated in another file, written once)");
        File.Exists(Path.Combine(_work.FullName, "out", "unmatched.csv")).ShouldBeFalse("no --claims, no matching");
    }

    [Fact]
    public async Task GivenAFolderOfRemitsBesideFhirEobs_WhenDenialsRun_ThenTheSameCsvWithClp01AsClaimId()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_work.FullName, "mixed")).FullName;
        File.Copy(Path.Combine(Demo, "ExplanationOfBenefit-eob-james-90837.json"), Path.Combine(folder, "eob.json"));
        File.Copy(Path.Combine(Remits, "accepted", "denied-acme.835"), Path.Combine(folder, "remit.x12"));
        // No X12 extension: recognised by its ISA.
        File.Copy(Path.Combine(Remits, "accepted", "demo-robert-coverage-ended.835"), Path.Combine(folder, "remit-from-the-clearinghouse.txt"));
        File.Copy(Path.Combine(Remits, "refused", "truncated.835"), Path.Combine(folder, "cut.835"));
        var csv = Path.Combine(_work.FullName, "denials.csv");

        var (exit, output) = await Run("denials", "--eobs", folder, "--out", csv, "--today", "2026-05-01");

        exit.ShouldBe(0, output);
        var rows = File.ReadAllText(csv).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        rows[0].ShouldStartWith("claim_id,eob_id,kind,category,owner,carc,amount,appeal_deadline,");
        rows.Skip(1).Select(r => r.Split(',')[0]).Order(StringComparer.Ordinal).ShouldBe(
            ["PCN-1007", "PCN-1008", "PCN-1009", "RO-MARIA-20610", "RO-ROBERT-COVERAGE-ENDED", "RO-ROBERT-COVERAGE-ENDED", "claim-james-90837"]);
        rows.ShouldContain(r => r.StartsWith("RO-MARIA-20610,era-ACM2602100007-", StringComparison.Ordinal) && r.Contains(",denial,authorization,authorization,197,250.00,2026-08-23,N54,CO,appeal,auth,2,ExplanationOfBenefit,org-payer-acme,2026-02-24,", StringComparison.Ordinal),
            "the 835 names Acme by its payer id (REF*2U ACME1), which Acme's policy file lists: one payer key, and Acme's appeal window");
        output.ShouldContain("835 files:             3 (1 refused)");
        output.ShouldContain("cut.835: 835 refused, nothing read from it: segment 16 (SVC): has no segment terminator '~': the file is truncated");
    }

    [Fact]
    public async Task GivenTheDemoClaimAndSubmitterSettings_WhenCorrectedClaimRuns_ThenAValid837PReplacementIsWritten()
    {
        var settings = Path.Combine(_work.FullName, "submitter.json");
        await File.WriteAllTextAsync(settings, """
            { "submitterName": "RIVERSIDE BILLING", "submitterId": "RIV001", "contactName": "BILLING", "contactPhone": "5095550140",
              "receiverName": "CLEARINGHOUSE", "receiverId": "CLEAR01", "interchangeSenderId": "RIVERSIDE", "interchangeReceiverId": "CLEAR",
              "controlNumber": 12, "billingProviderZip": "992013407" }
            """);
        var file = Path.Combine(_work.FullName, "claim.837");

        var (exit, output) = await Run("corrected-claim", "--claims", Demo, "--claim", "claim-robert-coverage-ended", "--out", file, "--submitter", settings);

        exit.ShouldBe(0, output);
        var validation = Claim837PValidator.Validate(await File.ReadAllTextAsync(file));
        validation.Issues.ShouldBeEmpty();
        (validation.Claims[0].Frequency, validation.Claims[0].PayerClaimNumber).ShouldBe(("7", "PCN-ROBERT-COVERAGE-ENDED"));
    }

    [Fact]
    public async Task GivenNoSubmitterAndAFiveDigitZip_WhenCorrectedClaimRuns_ThenNoFileAndTheReason()
    {
        var file = Path.Combine(_work.FullName, "claim.837");

        var (exit, output) = await Run("corrected-claim", "--claims", Demo, "--claim", "claim-robert-coverage-ended", "--out", file);

        exit.ShouldBe(1);
        File.Exists(file).ShouldBeFalse();
        output.ShouldContain("The billing provider's ZIP code needs all nine digits (ZIP+4) on an 837P");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public void GivenASeed_WhenTheSyntheticRemittanceIsWritten_ThenTheReaderAcceptsEveryClaim(int seed)
    {
        var path = Path.Combine(_work.FullName, $"synthetic-{seed}.835");

        var statuses = SyntheticRemittance.Write(path, 6_000, seed);

        var read = Era835Reader.ReadFile(path);
        read.Issues.ShouldBeEmpty();
        read.ClaimCount.ShouldBe(6_000);
        read.Remittances.Count.ShouldBe(2);
        statuses.Keys.Order(StringComparer.Ordinal).ShouldBe(["1", "2", "22", "23", "4"]);
        read.Remittances.Select(r => r.Payer.Name).ShouldAllBe(n => n!.Contains("HEALTH PLAN", StringComparison.Ordinal), "payers come from the seed, not the demo");
    }

    [Fact]
    public async Task GivenSmallN_WhenBench835Runs_ThenTheLastLineIsTheRate()
    {
        var (exit, output) = await Run("bench", "835", "--claims", "300", "--runs", "1", "--seed", "4");

        exit.ShouldBe(0, output);
        var last = output.TrimEnd().Split('\n')[^1].TrimEnd('\r');
        RateLine().IsMatch(last).ShouldBeTrue(last);
    }

    [Theory]
    [InlineData("import-835", "--out", "x")]
    [InlineData("corrected-claim", "--claims", "x", "--out", "y")]
    [InlineData("bench", "835")]
    [InlineData("bench", "835", "--claims", "0")]
    public async Task GivenBadArguments_WhenRun_ThenExitCodeIs2(params string[] args)
    {
        var (exit, output) = await Run(args);

        exit.ShouldBe(2, output);
    }

    [Fact]
    public async Task GivenAMissingFile_WhenImported_ThenExitCodeIs1()
    {
        var (exit, output) = await Run("import-835", Path.Combine(_work.FullName, "nope.835"), "--out", _work.FullName);

        exit.ShouldBe(1);
        output.ShouldContain("No such file or folder");
    }

    private static async Task<(int Exit, string Output)> Run(params string[] args)
    {
        using var output = new StringWriter();
        var exit = await FhirAppCommandLine.RunAsync(args, output);
        return (exit, output.ToString());
    }

    [GeneratedRegex(@"^era_claims_per_second=\d+$")]
    private static partial Regex RateLine();
}
