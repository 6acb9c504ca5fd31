using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace FhirApp.SandboxEhr.Tests.Infrastructure;

/// <summary>The test client's RS384 and ES384 signing keys.</summary>
internal sealed class TestKeys
{
    /// <summary>RSA key generation is slow here; one set of keys serves every test in the process.</summary>
    public static readonly TestKeys Shared = new();

    private TestKeys()
    {
        Rsa = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "test-rs384" };
        Ec = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP384)) { KeyId = "test-es384" };
        Rotated = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP384)) { KeyId = "test-es384-rotated" };
    }

    public RsaSecurityKey Rsa { get; }

    public ECDsaSecurityKey Ec { get; }

    /// <summary>Published only after a "rotation", to check that an unknown kid makes the sandbox refetch.</summary>
    public ECDsaSecurityKey Rotated { get; }

    public string PublicJwks(bool includeRotated = false)
    {
        var rsa = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(Rsa.Rsa.ExportParameters(false)) { KeyId = Rsa.KeyId });
        var ec = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(Ec);
        var keys = new List<Dictionary<string, string?>>
        {
            new() { ["kty"] = "RSA", ["kid"] = rsa.Kid, ["alg"] = "RS384", ["use"] = "sig", ["n"] = rsa.N, ["e"] = rsa.E },
            Ec384(ec),
        };
        if (includeRotated)
        {
            keys.Add(Ec384(JsonWebKeyConverter.ConvertFromECDsaSecurityKey(Rotated)));
        }

        return JsonSerializer.Serialize(new { keys });
    }

    private static Dictionary<string, string?> Ec384(JsonWebKey key) => new()
    {
        ["kty"] = "EC", ["kid"] = key.Kid, ["alg"] = "ES384", ["use"] = "sig", ["crv"] = key.Crv, ["x"] = key.X, ["y"] = key.Y,
    };
}
