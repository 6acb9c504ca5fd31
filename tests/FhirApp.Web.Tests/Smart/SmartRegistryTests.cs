using FhirApp.Web.Smart;

namespace FhirApp.Web.Tests.Smart;

public sealed class SmartRegistryTests
{
    private static SmartRegistration Registration(string id, string fhirBase, bool allowHttp = false) => new()
    {
        Id = id,
        Name = id,
        FhirBaseUrl = fhirBase,
        ClientId = "client-" + id,
        RedirectUri = $"https://app.example/callback/{id}",
        KeyId = "k1",
        AllowInsecureHttp = allowHttp,
    };

    [Theory]
    [InlineData("https://EHR.Example.org/FHIR/r4/", "https://ehr.example.org/FHIR/r4")]
    [InlineData("https://ehr.example.org:443/fhir", "https://ehr.example.org/fhir")]
    [InlineData("http://127.0.0.1:5010/fhir", "http://127.0.0.1:5010/fhir")]
    [InlineData(" https://ehr.example.org/fhir ", "https://ehr.example.org/fhir")]
    public void GivenIssVariants_WhenNormalized_ThenSchemeHostCaseDefaultPortAndTrailingSlashAreCanonical(string iss, string expected) =>
        SmartRegistry.NormalizeIss(iss).ShouldBe(expected);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a url")]
    [InlineData("/fhir")]
    [InlineData("ftp://ehr.example.org/fhir")]
    [InlineData("javascript:alert(1)")]
    [InlineData("https://ehr.example.org/fhir?x=1")]
    [InlineData("https://ehr.example.org/fhir#frag")]
    [InlineData("https://user:pw@ehr.example.org/fhir")]
    public void GivenSomethingThatIsNotAnIss_WhenNormalized_ThenNull(string? iss) =>
        SmartRegistry.NormalizeIss(iss).ShouldBeNull();

    [Fact]
    public void GivenRegisteredEhr_WhenLookedUpByEquivalentIss_ThenFoundAndUnknownIssIsNot()
    {
        var registry = new SmartRegistry([Registration("epic", "https://fhir.epic.example/api/FHIR/R4"), Registration("oracle", "https://fhir-ehr.cerner.example/r4/tenant-a")]);

        registry.FindByIss("https://FHIR.epic.example/api/FHIR/R4/")!.Id.ShouldBe("epic");
        registry.FindByIss("https://fhir-ehr.cerner.example/r4/tenant-a")!.Id.ShouldBe("oracle");
        registry.FindByIss("https://fhir-ehr.cerner.example/r4/tenant-b").ShouldBeNull();
        registry.FindByIss("https://fhir.epic.example.evil.test/api/FHIR/R4").ShouldBeNull();
        registry.FindByIss("https://fhir.epic.example/api/FHIR/R4/Patient").ShouldBeNull();
        registry.FindByIss("http://fhir.epic.example/api/FHIR/R4").ShouldBeNull();
    }

    [Fact]
    public void GivenPlainHttpOnANonLoopbackHost_WhenValidated_ThenRejectedEvenWithAllowInsecureHttp()
    {
        var ex = Should.Throw<InvalidOperationException>(() => SmartRegistry.Validate(Registration("x", "http://ehr.example.org/fhir", allowHttp: true), "x.json"));
        ex.Message.ShouldContain("https");
    }

    [Fact]
    public void GivenPlainHttpOnLoopbackWithoutOptIn_WhenValidated_ThenRejected() =>
        Should.Throw<InvalidOperationException>(() => SmartRegistry.Validate(Registration("x", "http://127.0.0.1:5010/fhir") with { RedirectUri = "http://127.0.0.1:5005/callback/x" }, "x.json"));

    [Fact]
    public void GivenTheRepositorySmartConfig_WhenLoaded_ThenTheSandboxIsRegisteredForPrivateKeyJwt()
    {
        var registry = SmartRegistry.LoadDirectory(SmartAuthentication.FindUp(AppContext.BaseDirectory, "smart-config"));

        var sandbox = registry.FindByIss("http://127.0.0.1:5010/fhir").ShouldNotBeNull();
        sandbox.ClientAuthentication.ShouldBe(ClientAuthenticationMethod.PrivateKeyJwt);
        sandbox.CallbackPath.ShouldBe("/callback/sandbox");
    }

    [Fact]
    public void GivenTwoFilesForTheSameIss_WhenRegistryBuilt_ThenStartupFailsWithBothNames()
    {
        var ex = Should.Throw<InvalidOperationException>(() => new SmartRegistry([Registration("a", "https://ehr.example/fhir"), Registration("b", "https://EHR.example/fhir/")]));
        ex.Message.ShouldContain("'a'");
    }

    [Theory]
    [InlineData("system/ExplanationOfBenefit.rs patient/Claim.rs", "system/ scopes only")]
    [InlineData("", "system/ scopes only")]
    public void GivenBackendServicesAskingForNonSystemScopes_WhenValidated_ThenRejected(string scopes, string message)
    {
        var r = Registration("x", "https://ehr.example.org/fhir") with { BackendServices = new BackendServicesRegistration { ClientId = "jobs", Scopes = scopes } };

        Should.Throw<InvalidOperationException>(() => SmartRegistry.Validate(r, "x.json")).Message.ShouldContain(message);
    }

    [Fact]
    public void GivenBackendServicesWithItsOwnClientId_WhenUsedAsBackendClient_ThenItsIdAndTheRegistrationsKeySignTheAssertion()
    {
        var r = SmartRegistry.Validate(Registration("x", "https://ehr.example.org/fhir") with { BackendServices = new BackendServicesRegistration { ClientId = "jobs" } }, "x.json");

        var backend = r.AsBackendClient()!;

        (backend.ClientId, backend.KeyId, backend.SigningAlgorithm, backend.ClientAuthentication).ShouldBe(("jobs", "k1", "RS384", ClientAuthenticationMethod.PrivateKeyJwt));
        Registration("y", "https://ehr.example.org/fhir").AsBackendClient().ShouldBeNull();
    }

    [Theory]
    [InlineData("../../etc/ssh/host")]
    [InlineData("/etc/passwd")]
    [InlineData("keys/k1")]
    [InlineData("..")]
    [InlineData(".hidden")]
    public void GivenKeyIdThatIsAPath_WhenValidated_ThenRejectedBeforeAnyKeyFileIsOpened(string keyId)
    {
        var registration = Registration("x", "https://ehr.example.org/fhir") with { KeyId = keyId };

        var ex = Should.Throw<InvalidOperationException>(() => SmartRegistry.Validate(registration, "x.json"));

        ex.Message.ShouldContain("keyId");
    }
}
