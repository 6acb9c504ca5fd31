using UglyToad.PdfPig;

namespace FhirApp.Cli.Tests;

/// <summary>`fhirapp appeal` on the demo fixtures, in-process.</summary>
public sealed class AppealCommandTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("fhirapp-appeal-");

    public void Dispose() => _work.Delete(recursive: true);

    private static string DemoDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var demo = Path.Combine(directory.FullName, "fhir-fixtures", "demo");
            if (Directory.Exists(demo))
            {
                return demo;
            }
        }

        throw new DirectoryNotFoundException("fhir-fixtures/demo not found above the test binaries.");
    }

    [Fact]
    public async Task GivenDeniedDemoClaim_WhenAppealRuns_ThenPacketFilesAreWrittenAndEvidenceIsPrinted()
    {
        var output = new StringWriter();

        var exit = await FhirAppCommandLine.RunAsync(["appeal", "--claims", DemoDirectory(), "--claim", "claim-james-90837", "--out", _work.FullName, "--today", "2026-04-01"], output);

        exit.ShouldBe(0, output.ToString());
        var text = output.ToString();
        text.ShouldContain("[MISSING] session-times");
        text.ShouldContain("[found] session-content");
        text.ShouldContain("Cognitive behavioral therapy");
        text.ShouldContain("every clinical sentence is backed");
        File.ReadAllText(Path.Combine(_work.FullName, "letter.html")).ShouldContain("claim-james-90837");
        using (var pdf = PdfDocument.Open(Path.Combine(_work.FullName, "letter.pdf")))
        {
            // Page.Text keeps the letters, not always the spaces between words.
            string.Concat(pdf.GetPages().Select(p => p.Text)).Replace(" ", "", StringComparison.Ordinal).ShouldContain("Cognitivebehavioraltherapy");
        }

        File.ReadAllText(Path.Combine(_work.FullName, "packet.json")).ShouldContain("\"Claim/claim-james-90837\"");
        File.ReadAllText(Path.Combine(_work.FullName, "submit-attachment.json")).ShouldContain("\"TrackingId\"");
    }

    [Fact]
    public async Task GivenUnknownClaim_WhenAppealRuns_ThenExitCodeIs1()
    {
        var output = new StringWriter();
        var exit = await FhirAppCommandLine.RunAsync(["appeal", "--claims", DemoDirectory(), "--claim", "claim-nope", "--out", _work.FullName], output);
        exit.ShouldBe(1);
        output.ToString().ShouldContain("claim-nope");
    }
}
