using FhirApp.Web.Appeals;

namespace FhirApp.Web.Tests.Appeals;

/// <summary>Download and ZIP entry names built from claim ids (which come from the EHR) never carry a path.</summary>
public sealed class AppealFileNameTests
{
    [Theory]
    [InlineData("claim-maria-20610", "appeal-claim-maria-20610.pdf")]
    [InlineData("../../etc/passwd", "appeal-____etc_passwd.pdf")]
    [InlineData("..\\..\\Windows\\win.ini", "appeal-____Windows_win.ini.pdf")]
    [InlineData("/abs/path", "appeal-_abs_path.pdf")]
    [InlineData("a:b*c?\"<>|", "appeal-a_b_c_____.pdf")]
    [InlineData("..", "appeal-_.pdf")]
    public void GivenClaimId_WhenMadeIntoAFileName_ThenOnlySafeCharactersAndNoParentReferenceRemain(string claimId, string expected)
    {
        var name = AppealEndpoints.FileName(claimId);

        name.ShouldBe(expected);
        Path.GetFileName(name).ShouldBe(name);
        name.ShouldNotContain("..");
    }
}
