using System.Text.Json.Nodes;
using FhirApp.SandboxEhr.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FhirApp.SandboxEhr.Tests;

/// <summary>Tests that need a sandbox with non-default options each start their own.</summary>
public sealed class SandboxVariantTests
{
    [Fact]
    public async Task GivenShortLivedAccessTokens_WhenTheTokenHasExpired_Then401WithBearerChallenge()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var sandbox = await SandboxInstance.StartAsync(clock, "--Sandbox:AccessTokenLifetimeSeconds=60");
        var token = await sandbox.Client().EhrLaunchAsync("p1");
        (await sandbox.GetFhirAsync("Claim/c1", token.AccessToken)).Status.ShouldBe(200);

        clock.Advance(TimeSpan.FromSeconds(61));
        var result = await sandbox.GetFhirAsync("Claim/c1", token.AccessToken);

        result.Status.ShouldBe(401);
        result.Headers.WwwAuthenticate.Single().Scheme.ShouldBe("Bearer");
        result.Headers.WwwAuthenticate.Single().Parameter.ShouldNotBeNull().ShouldContain("invalid_token");
    }

    [Fact]
    public async Task GivenAPrivateKeyJwtClient_WhenTheSandboxStartsAndKeysRotate_ThenTheJwksIsFetchedLazilyAndRefetchedForAnUnknownKid()
    {
        await using var sandbox = await SandboxInstance.StartAsync();
        var client = sandbox.Client();
        var hitsAtStart = sandbox.Jwks.Hits;
        await client.EhrLaunchAsync("p1");
        var hitsAfterFirstToken = sandbox.Jwks.Hits;

        sandbox.Jwks.Json = sandbox.Keys.PublicJwks(includeRotated: true);
        var launch = await client.CreateLaunchAsync();
        var pkce = Pkce.Create();
        var code = (await client.AuthorizeAsync(client.AuthorizeParameters(SmartClient.DefaultScope, launch, pkce))).Code!;
        var form = SmartClient.CodeExchange(code, pkce);
        form["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
        form["client_assertion"] = client.Assertion(key: sandbox.Keys.Rotated);
        var token = await client.TokenAsync(form);

        hitsAtStart.ShouldBe(0);
        hitsAfterFirstToken.ShouldBe(1);
        token.Status.ShouldBe(200);
        sandbox.Jwks.Hits.ShouldBe(2);
    }

    [Fact]
    public async Task GivenNextLinkBaseUrl_WhenASearchHasMorePages_ThenTheNextLinkUsesThatOrigin()
    {
        await using var sandbox = await SandboxInstance.StartAsync("--Sandbox:NextLinkBaseUrl=http://127.0.0.2:9999");
        var token = await sandbox.Client().EhrLaunchAsync("p1");

        var result = await sandbox.GetFhirAsync("Claim?patient=p1&_count=1", token.AccessToken);

        result.NextLink.ShouldNotBeNull().ShouldStartWith("http://127.0.0.2:9999/fhir/Claim?");
        result.NextLink.ShouldContain("_offset=1");
        ((string?)result.Json!["link"]![0]!["url"]).ShouldNotBeNull().ShouldStartWith(sandbox.FhirBase);
    }

    [Fact]
    public async Task GivenPermissionV2Disabled_WhenDiscoveringAndLaunching_ThenNoPermissionV2AndOnlyV1ScopesAreGranted()
    {
        await using var sandbox = await SandboxInstance.StartAsync("--Sandbox:PermissionV2=false");
        var configuration = JsonNode.Parse(await sandbox.Http.GetStringAsync("/fhir/.well-known/smart-configuration"))!;

        var token = await sandbox.Client().EhrLaunchAsync("p1", scope: "launch patient/Claim.read patient/Coverage.rs");

        configuration["capabilities"]!.AsArray().Select(c => (string?)c).ShouldNotContain("permission-v2");
        configuration["capabilities"]!.AsArray().Select(c => (string?)c).ShouldContain("permission-v1");
        token.Scopes.ShouldBe(["launch", "patient/Claim.read"], ignoreOrder: true);
    }

    [Fact]
    public async Task GivenTheSpecsIgnoreVariant_WhenACreateCarriesItsOwnId_ThenTheServerAssignsAnother()
    {
        await using var sandbox = await SandboxInstance.StartAsync("--Sandbox:ClientIdOnCreate=ignore");
        var token = await sandbox.Client().EhrLaunchAsync("p1", scope: "launch patient/Task.crus");
        var task = new JsonObject { ["resourceType"] = "Task", ["id"] = "my-own-id", ["status"] = "requested", ["intent"] = "order", ["for"] = new JsonObject { ["reference"] = "Patient/p1" } };

        var created = await sandbox.SendFhirAsync(HttpMethod.Post, "Task", token.AccessToken, task);

        created.Status.ShouldBe(201);
        ((string?)created.Json!["id"]).ShouldNotBe("my-own-id");
        (await sandbox.GetFhirAsync("Task/my-own-id", token.AccessToken)).Status.ShouldBe(404);
    }

    [Fact]
    public async Task GivenTestHooksDisabled_WhenCallingTheJournal_Then404()
    {
        await using var sandbox = await SandboxInstance.StartAsync("--Sandbox:TestHooks=false");

        using var response = await sandbox.Http.GetAsync("/_sandbox/journal");

        ((int)response.StatusCode).ShouldBe(404);
    }

    [Fact]
    public async Task GivenAClientWithBothSecretAndJwksAndNoRedirectUri_WhenStarting_ThenValidationNamesTheProblem()
    {
        var app = SandboxHost.Create(
        [
            "--urls=http://127.0.0.1:0",
            "--Logging:LogLevel:Default=None",
            "--Sandbox:DataPaths:0=/nonexistent",
            "--Sandbox:AccessTokenLifetimeSeconds=0",
            "--Sandbox:Clients:0:ClientId=broken",
            "--Sandbox:Clients:0:ClientSecret=x",
            "--Sandbox:Clients:0:JwksUri=http://127.0.0.1:9/jwks",
        ]);
        await using (app)
        {
            var error = await Should.ThrowAsync<OptionsValidationException>(() => app.StartAsync());

            error.Message.ShouldContain("Sandbox:AccessTokenLifetimeSeconds");
            error.Message.ShouldContain("exactly one of JwksUri");
            error.Message.ShouldContain("Sandbox:Clients:0:RedirectUris");
        }
    }

    [Fact]
    public async Task GivenAnotherProgramsAppSettingsInTheContentRoot_WhenHostedInProcess_ThenTheyAreIgnored()
    {
        var contentRoot = Directory.CreateTempSubdirectory("sandbox-content-").FullName;
        File.WriteAllText(Path.Combine(contentRoot, "appsettings.json"), """{"Sandbox":{"AccessTokenLifetimeSeconds":0,"PermissionV2":false}}""");
        try
        {
            await using var sandbox = await SandboxInstance.StartAsync($"--contentRoot={contentRoot}");

            var configuration = await sandbox.Http.GetStringAsync("/fhir/.well-known/smart-configuration");

            configuration.ShouldContain("permission-v2");
        }
        finally
        {
            Directory.Delete(contentRoot, recursive: true);
        }
    }

    [Fact]
    public void GivenANonLoopbackUrl_WhenCreatingTheHost_ThenItRefusesToBind()
    {
        var error = Should.Throw<InvalidOperationException>(() => SandboxHost.Create(["--urls=http://0.0.0.0:5010"]));

        error.Message.ShouldContain("loopback");
    }
}
