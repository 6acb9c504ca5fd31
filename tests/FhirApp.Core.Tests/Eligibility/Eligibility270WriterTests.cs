using FhirApp.Core.Common.X12;
using FhirApp.Core.Eligibility.X12;

namespace FhirApp.Core.Tests.Eligibility;

/// <summary>The 270 a demo claim sends, against the golden file, and read back by our own envelope checks.</summary>
public sealed class Eligibility270WriterTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 4, 10, 29, 0, TimeSpan.Zero);

    [Fact]
    public void GivenRobertsLapsedClaim_WhenWritten_ThenItIsTheGoldenFile()
    {
        var query = EligibilityFixtures.Query("claim-robert-coverage-ended", "BPBC1", "RO-TRACE-ROBERT");

        var text = Eligibility270Writer.Write(query, EligibilityFixtures.Clearinghouse, "BLUEPEAK", Now, 77);

        text.ShouldBe(File.ReadAllText(EligibilityFixtures.Golden270));
    }

    [Fact]
    public void GivenA270_WhenReadBack_ThenItsEnvelopesAndCountsAreSound()
    {
        var query = EligibilityFixtures.Query("claim-james-90837", "BPBC1", "RO-TRACE-JAMES") with
        {
            Dependent = new FhirApp.Core.Eligibility.EligibilityPerson("CARTER", "NOAH", new DateOnly(2014, 2, 1), "M"),
        };
        var issues = new X12IssueList();

        var text = Eligibility270Writer.Write(query, EligibilityFixtures.Clearinghouse, "BLUEPEAK", Now, 78);
        var transactions = X12Envelope.Split(X12Tokenizer.Tokenize(text, issues), issues).Select(t => (t.SetId, Body: t.Body.Select(s => s.Id).ToList())).ToList();

        issues.Items.ShouldBeEmpty();
        var (setId, body) = transactions.ShouldHaveSingleItem();
        setId.ShouldBe("270");
        body.ShouldBe(["BHT", "HL", "NM1", "HL", "NM1", "HL", "NM1", "DMG", "HL", "TRN", "NM1", "DMG", "DTP", "EQ"],
            "a dependent patient: the subscriber loop names the member, the dependent loop carries the question");
    }
}
