using System.Text.Json;
using FhirApp.Web.Smart;

namespace FhirApp.Web.Tests.Smart;

public sealed class SmartTokenContextTests
{
    private static SmartTokenContext Parse(string json) => SmartTokenContext.Parse(JsonDocument.Parse(json).RootElement);

    [Fact]
    public void GivenFullTokenResponse_WhenParsed_ThenEveryContextFieldIsKeptAndUnknownKeysIgnored()
    {
        var c = Parse("""
            {"access_token":"x","token_type":"Bearer","expires_in":300,"scope":"launch openid patient/Claim.rs",
             "patient":"p1","encounter":"e1","fhirContext":[{"reference":"Encounter/e1"},{"canonical":"http://x/Questionnaire/q"},"DocumentReference/d1",{"type":"Task"}],
             "need_patient_banner":false,"intent":"reconcile-claims","smart_style_url":"https://ehr/style.json","tenant":"t1",
             "x-vendor":{"deep":[1,2]}}
            """);

        c.Patient.ShouldBe("p1");
        c.Encounter.ShouldBe("e1");
        c.FhirContext.ShouldBe(["Encounter/e1", "http://x/Questionnaire/q", "DocumentReference/d1"]);
        c.NeedPatientBanner.ShouldBeFalse();
        c.Intent.ShouldBe("reconcile-claims");
        c.SmartStyleUrl.ShouldBe("https://ehr/style.json");
        c.Tenant.ShouldBe("t1");
        c.Scopes.ShouldBe(["launch", "openid", "patient/Claim.rs"]);
    }

    [Fact]
    public void GivenMinimalTokenResponse_WhenParsed_ThenBannerDefaultsToShownAndContextIsEmpty()
    {
        var c = Parse("""{"access_token":"x","token_type":"Bearer"}""");

        c.NeedPatientBanner.ShouldBeTrue();
        c.Patient.ShouldBeNull();
        c.FhirContext.ShouldBeEmpty();
        c.Scopes.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("\"false\"", false)]
    [InlineData("null", true)]
    [InlineData("0", true)]
    public void GivenNeedPatientBannerValue_WhenParsed_ThenOnlyAnExplicitFalseHidesTheBanner(string value, bool expected) =>
        Parse($$"""{"need_patient_banner":{{value}}}""").NeedPatientBanner.ShouldBe(expected);
}
