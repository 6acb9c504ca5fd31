using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FhirApp.SandboxEhr.Auth;

/// <summary>
/// SMART confidential-asymmetric client authentication (RFC 7523 as profiled by SMART App Launch 2.x):
/// signature by a key from the client's JWKS, iss = sub = client_id, aud = token endpoint exactly,
/// exp no more than five minutes ahead, jti never reused.
/// </summary>
internal sealed class ClientAssertionValidator(
    ClientRegistry clients,
    ClientJwksCache jwks,
    JtiReplayCache replay,
    TimeProvider time,
    ILogger<ClientAssertionValidator> logger)
{
    private static readonly string[] Algorithms = [SecurityAlgorithms.RsaSha384, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.RsaSha256];
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(5);

    public async Task<ClientAssertionResult> ValidateAsync(string assertion, string tokenEndpoint, CancellationToken cancellationToken)
    {
        var handler = new JsonWebTokenHandler();
        JsonWebToken jwt;
        try
        {
            jwt = handler.ReadJsonWebToken(assertion);
        }
        catch (ArgumentException)
        {
            return Reject(null, "client_assertion is not a JWT");
        }

        var clientId = jwt.Issuer;
        var client = clients.Find(clientId);
        if (client is null || !client.UsesPrivateKeyJwt)
        {
            return Reject(clientId, "iss is not a client registered for private_key_jwt");
        }

        if (!string.Equals(jwt.Subject, clientId, StringComparison.Ordinal))
        {
            return Reject(clientId, "sub must equal iss (the client_id)");
        }

        if (!Algorithms.Contains(jwt.Alg, StringComparer.Ordinal))
        {
            return Reject(clientId, $"alg '{jwt.Alg}' is not accepted; use RS384 or ES384");
        }

        if (string.IsNullOrEmpty(jwt.Kid))
        {
            return Reject(clientId, "the JWT header has no kid");
        }

        if (!jwt.TryGetPayloadValue<string>(JwtRegisteredClaimNames.Jti, out var jti) || string.IsNullOrEmpty(jti))
        {
            return Reject(clientId, "jti is missing");
        }

        if (!jwt.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Exp, out _))
        {
            return Reject(clientId, "exp is missing");
        }

        var now = time.GetUtcNow();
        if (jwt.ValidTo > now.UtcDateTime + MaxLifetime + Skew)
        {
            return Reject(clientId, "exp is more than five minutes in the future");
        }

        var keys = await jwks.GetKeysAsync(clientId, client.JwksUri!, jwt.Kid, cancellationToken);
        var signingKeys = keys.Where(k => k.Kid == jwt.Kid).ToList();
        if (signingKeys.Count == 0)
        {
            return Reject(clientId, $"kid '{jwt.Kid}' is not in the client's JWKS");
        }

        var parameters = new TokenValidationParameters
        {
            ValidIssuer = clientId,
            ValidAudience = tokenEndpoint,
            IgnoreTrailingSlashWhenValidatingAudience = false,
            IssuerSigningKeys = signingKeys,
            ValidAlgorithms = Algorithms,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateLifetime = true,
            ClockSkew = Skew,
            LifetimeValidator = (notBefore, expires, _, _) => expires > now.UtcDateTime - Skew && (notBefore is null || notBefore <= now.UtcDateTime + Skew),
            ValidTypes = ["JWT", "client-authentication+jwt", "application/client-authentication+jwt"],
            TypeValidator = (type, _, _) => string.IsNullOrEmpty(type) || type is "JWT" or "client-authentication+jwt" or "application/client-authentication+jwt"
                ? type ?? "JWT"
                : throw new SecurityTokenInvalidTypeException($"typ '{type}' is not accepted"),
        };

        var result = await handler.ValidateTokenAsync(assertion, parameters);
        if (!result.IsValid)
        {
            return Reject(clientId, Describe(result.Exception));
        }

        if (!replay.TryUse(clientId, jti, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero)))
        {
            return Reject(clientId, "jti was already used");
        }

        return new ClientAssertionResult(result.ClaimsIdentity, null);
    }

    private ClientAssertionResult Reject(string? clientId, string reason)
    {
        logger.LogInformation("Client assertion rejected for client {ClientId}: {Reason}", clientId ?? "(unknown)", reason);
        return ClientAssertionResult.Fail(reason);
    }

    private static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenInvalidAudienceException => "aud must equal the token endpoint URL exactly",
        SecurityTokenExpiredException => "the assertion has expired",
        SecurityTokenInvalidLifetimeException => "the assertion has expired or is not yet valid",
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => "the signature does not verify with the client's JWKS",
        SecurityTokenInvalidIssuerException => "iss must equal the client_id",
        SecurityTokenInvalidTypeException => "typ must be JWT",
        SecurityTokenInvalidAlgorithmException => "alg is not accepted",
        _ => "the assertion is invalid",
    };
}
