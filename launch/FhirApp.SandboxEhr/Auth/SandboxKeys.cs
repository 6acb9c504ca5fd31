using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace FhirApp.SandboxEhr.Auth;

/// <summary>
/// Keys made once per process. OpenIddict's ephemeral defaults include an RSA-4096 key, which takes seconds to
/// generate on a small machine for every host a test starts.
/// </summary>
internal static class SandboxKeys
{
    private static readonly Lazy<RsaSecurityKey> LazySigningKey = new(() =>
        new RsaSecurityKey(RSA.Create(2048)) { KeyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) });

    /// <summary>Signs id_tokens and access tokens (RS256, what OIDC clients expect by default).</summary>
    public static RsaSecurityKey SigningKey => LazySigningKey.Value;

    /// <summary>A public key nobody holds the private half of, for OpenIddict's "confidential client needs a key" rule.</summary>
    public static JsonWebKey Placeholder()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var key = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ECDsa.Create(ec.ExportParameters(false))));
        key.Kid = "sandbox-placeholder";
        key.Use = "sig";
        return key;
    }
}
