using System.Text.RegularExpressions;
using FhirApp.SandboxEhr.Tests.Infrastructure;

namespace FhirApp.SandboxEhr.Tests;

public sealed partial class EhrUiTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly SandboxInstance _sandbox = fixture.Sandbox;

    [Fact]
    public async Task GivenLoadedPatients_WhenOpeningTheEhrPage_ThenEachPatientHasALaunchLinkPerClientAndNamesAreEscaped()
    {
        var html = await _sandbox.Http.GetStringAsync("/");

        html.ShouldContain("Sandbox EHR");
        html.ShouldContain("Alice Example");
        html.ShouldContain("1970-01-01");
        html.ShouldContain("<a class=\"launch\" data-patient=\"p1\" data-client=\"test-app\" href=\"/ehr/launch?client_id=test-app&amp;patient=p1");
        html.ShouldContain(">Launch Test App</a>");
        html.ShouldNotContain("<script>alert(1)</script>");
        html.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    [Fact]
    public async Task GivenAnUnknownClient_WhenLaunching_Then400AndNoRedirect()
    {
        using var response = await _sandbox.Http.GetAsync("/ehr/launch?client_id=nobody&patient=p1");

        ((int)response.StatusCode).ShouldBe(400);
        response.Headers.Location.ShouldBeNull();
    }

    [Fact]
    public async Task GivenAStandaloneLaunch_WhenThePatientIsPickedFromThePicker_ThenTheTokenCarriesThatPatient()
    {
        var client = _sandbox.Client();
        var pkce = Pkce.Create();
        var parameters = client.AuthorizeParameters("launch/patient openid fhirUser patient/Claim.rs", launch: null, pkce);

        var picker = await client.AuthorizeAsync(parameters);
        var form = HiddenFields(picker.Body);
        form["patient"] = "p2";
        var outcome = await client.PostAuthorizeAsync(form);
        var token = await client.TokenAsync(SmartClient.CodeExchange(outcome.Code!, pkce));

        picker.Status.ShouldBe(200);
        picker.Body.ShouldContain("<button type=\"submit\" name=\"patient\" value=\"p2\">Bob Other</button>");
        form["state"].ShouldBe(parameters["state"]);
        outcome.State.ShouldBe(parameters["state"]);
        ((string?)token.Json["patient"]).ShouldBe("p2");
        token.IdToken.GetClaim("fhirUser").Value.ShouldBe("Practitioner/pr-susan-patel");
        (await _sandbox.GetFhirAsync("Claim?patient=p2", token.AccessToken)).EntryReferences("match").ShouldBe(["Claim/c9"]);
    }

    [Fact]
    public async Task GivenTheLaunchScopeWithoutALaunchParameter_WhenAuthorizing_ThenInvalidLaunch()
    {
        var client = _sandbox.Client();

        var outcome = await client.AuthorizeAsync(client.AuthorizeParameters("launch patient/Claim.rs", launch: null, Pkce.Create()));

        outcome.Error.ShouldBe("invalid_request");
        outcome.ErrorDescription.ShouldNotBeNull().ShouldContain("invalid launch");
    }

    private static Dictionary<string, string> HiddenFields(string html) =>
        HiddenInput().Matches(html).ToDictionary(m => Decode(m.Groups["name"].Value), m => Decode(m.Groups["value"].Value));

    private static string Decode(string value) => System.Net.WebUtility.HtmlDecode(value);

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]*)\" value=\"(?<value>[^\"]*)\">")]
    private static partial Regex HiddenInput();
}
