using FhirApp.Web.Smart;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FhirApp.Web.Tests.Smart;

public sealed class ClientAssertionFactoryTests : IDisposable
{
    private const string TokenEndpoint = "https://ehr.example/oauth2/token";
    private readonly string _keyDir = Directory.CreateTempSubdirectory("fhirapp-keys-").FullName;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(_keyDir, recursive: true);

    private static SmartRegistration Registration(string alg, string kid) => new()
    {
        Id = "ehr",
        Name = "EHR",
        FhirBaseUrl = "https://ehr.example/fhir",
        ClientId = "fhirapp-client",
        RedirectUri = "https://app.example/callback/ehr",
        KeyId = kid,
        SigningAlgorithm = alg,
    };

    [Theory]
    [InlineData("RS384", "k-rs")]
    [InlineData("ES384", "k-es")]
    public async Task GivenRegistration_WhenAssertionCreated_ThenClaimsFollowSmartAndSignatureVerifiesWithPublishedKey(string alg, string kid)
    {
        var keys = new AppSigningKeys(_keyDir, [(kid, alg)], generateMissing: true);
        var jwt = new ClientAssertionFactory(keys, _clock).Create(Registration(alg, kid), TokenEndpoint);

        var token = new JsonWebToken(jwt);
        token.Alg.ShouldBe(alg);
        token.Kid.ShouldBe(kid);
        token.Typ.ShouldBe("JWT");
        token.Issuer.ShouldBe("fhirapp-client");
        token.Subject.ShouldBe("fhirapp-client");
        token.Audiences.ShouldBe([TokenEndpoint]);
        (token.ValidTo - _clock.GetUtcNow().UtcDateTime).ShouldBeLessThanOrEqualTo(TimeSpan.FromMinutes(5));
        token.ValidTo.ShouldBeGreaterThan(_clock.GetUtcNow().UtcDateTime);
        token.Id.Length.ShouldBeGreaterThanOrEqualTo(32);

        var jwks = new JsonWebKeySet(System.Text.Json.JsonSerializer.Serialize(keys.PublicJwks()));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            ValidIssuer = "fhirapp-client",
            ValidAudience = TokenEndpoint,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            LifetimeValidator = (_, _, _, _) => true,
        });
        result.IsValid.ShouldBeTrue(result.Exception?.Message);
    }

    [Fact]
    public void GivenTwoAssertions_WhenCreated_ThenJtiIsUnique()
    {
        var factory = new ClientAssertionFactory(new AppSigningKeys(_keyDir, [("k", "RS384")], true), _clock);
        var a = new JsonWebToken(factory.Create(Registration("RS384", "k"), TokenEndpoint));
        var b = new JsonWebToken(factory.Create(Registration("RS384", "k"), TokenEndpoint));

        a.Id.ShouldNotBe(b.Id);
    }

    [Fact]
    public void GivenKeys_WhenJwksPublished_ThenOnlyPublicPartsWithUniqueKids()
    {
        var keys = new AppSigningKeys(_keyDir, [("rs", "RS384"), ("es", "ES384")], true);
        var json = System.Text.Json.JsonSerializer.Serialize(keys.PublicJwks());
        var set = new JsonWebKeySet(json);

        set.Keys.Select(k => k.Kid).ShouldBe(["rs", "es"], ignoreOrder: true);
        set.Keys.ShouldAllBe(k => k.D == null && k.P == null && k.Q == null && k.DP == null && k.DQ == null && k.QI == null);
        foreach (var forbidden in new[] { "\"d\"", "\"p\"", "\"q\"", "\"dp\"", "\"dq\"", "\"qi\"" })
        {
            json.ShouldNotContain(forbidden);
        }
        set.Keys.Single(k => k.Kid == "rs").N.ShouldNotBeNullOrEmpty();
        set.Keys.Single(k => k.Kid == "es").Crv.ShouldBe("P-384");
    }

    [Fact]
    public void GivenMissingKeyAndNoGeneration_WhenLoaded_ThenStartupFailsNamingThePath()
    {
        var ex = Should.Throw<InvalidOperationException>(() => new AppSigningKeys(_keyDir, [("absent", "RS384")], generateMissing: false));
        ex.Message.ShouldContain("absent.pem");
    }
}
