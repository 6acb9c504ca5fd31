using FhirApp.Core.Scrubbing.Corrections.X12;

namespace FhirApp.Core.Tests.Scrubbing.Corrections;

public sealed class Claim837PValidatorTests
{
    private static string Golden => File.ReadAllText(Claim837PWriterTests.GoldenPath);

    [Fact]
    public void GivenTheGoldenFile_WhenValidated_ThenItIsValid()
    {
        var validation = Claim837PValidator.Validate(Golden);

        validation.Issues.ShouldBeEmpty();
        validation.IsValid.ShouldBeTrue();
        validation.Claims.ShouldHaveSingleItem().PatientControlNumber.ShouldBe("RO-ROBERT-COVERAGE-ENDED");
    }

    [Theory]
    [InlineData("REF*F8*PCN-ROBERT-COVERAGE-ENDED~\n", "", "CLM05-3 is 7 (replacement): the payer's original claim number (REF*F8) is required")]
    [InlineData("11:B:7", "11:B:9", "CLM05-3 '9' is not one of 1, 7, 8")]
    [InlineData("NM1*IL*1*King*Robert", "NM1*IL*1*King-Abcdefghijklmnopqrstuvwxyz-Abcdefghijklmnopqrstuvwxyz-Abcdefghijk*Robert", "NM103 is 70 characters; 1 to 60 allowed")]
    [InlineData("N4*Spokane*WA*992013407~\n", "", "loop 2010AA has no N4, which it requires")]
    [InlineData("N4*Spokane*WA*992013407~", "N4*Spokane*WA*99201~", "N403 must be the billing provider's full nine-digit ZIP code")]
    [InlineData("SV1*HC:99214*195*", "SV1*HC:99214*190*", "CLM02 total 290.00 is not the sum of the line charges (SV102) 285.00")]
    [InlineData("*UN*1***1:2~\nDTP*472*D8*20260414~\nREF*6R*1", "*UN*1***1:5~\nDTP*472*D8*20260414~\nREF*6R*1", "SV107 points to diagnosis 5; the claim has 2")]
    [InlineData("XX*1847293051", "XX*1847293052", "NM109 is not a valid NPI (10 digits with its check digit)")]
    [InlineData("HL*2*1*22*0", "HL*2*1*22*1", "HL04 is 1 but no level follows beneath it")]
    [InlineData("ST*837*0001*005010X222A1", "ST*837*0001*005010X223A2", "ST03 is not one of 005010X222A1")]
    [InlineData("DTP*472*D8*20260414~\nREF*6R*2", "REF*6R*2", "loop 2400 has no DTP*472, which it requires")]
    [InlineData("SE*31*0001", "SE*30*0001", "SE01 says 30 segments from ST to SE; there are 31")]
    [InlineData("DMG*D8*19720618*M", "DMG*D8*19720618*X", "DMG03 is not one of F, M, U")]
    public void GivenOneDepartureFromTheImplementationGuide_WhenValidated_ThenItIsNamedWithItsSegment(string find, string replace, string issue)
    {
        Golden.ShouldContain(find);

        var validation = Claim837PValidator.Validate(Golden.Replace(find, replace, StringComparison.Ordinal));

        validation.IsValid.ShouldBeFalse();
        validation.Issues.Select(i => i.Message).ShouldContain(issue);
        validation.Issues.ShouldAllBe(i => i.SegmentNumber > 0);
    }

    [Fact]
    public void GivenA835_WhenValidatedAsAn837P_ThenRefused()
    {
        var validation = Claim837PValidator.Validate(File.ReadAllText(Remittance.X12Fixtures.Accepted("paid-acme.835")));

        validation.IsValid.ShouldBeFalse();
        validation.Issues.Select(i => i.ToString()).ShouldBe(["segment 3 (ST): transaction set '835' is not a claim (837)"]);
    }
}
