using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FhirApp.Web.Smart;

/// <summary>RFC 7523 client assertion for private_key_jwt: iss = sub = client_id, aud = token endpoint, exp within 5 minutes, unique jti.</summary>
public sealed class ClientAssertionFactory(AppSigningKeys keys, TimeProvider clock)
{
    public const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    internal static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(4);

    public string Create(SmartRegistration registration, string tokenEndpoint)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = registration.ClientId,
            Audience = tokenEndpoint,
            Subject = new ClaimsIdentity([
                new Claim(JwtRegisteredClaimNames.Sub, registration.ClientId),
                new Claim(JwtRegisteredClaimNames.Jti, Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32))),
            ]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            TokenType = "JWT",
            SigningCredentials = keys.CredentialsFor(registration.KeyId!),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }
}
