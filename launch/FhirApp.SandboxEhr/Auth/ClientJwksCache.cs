using System.Collections.Concurrent;
using Microsoft.IdentityModel.Tokens;

namespace FhirApp.SandboxEhr.Auth;

/// <summary>
/// Fetches a client's JWKS lazily (the app may start after the sandbox), keeps it ~30 s,
/// and refetches at once when an assertion names an unknown kid.
/// </summary>
internal sealed class ClientJwksCache(IHttpClientFactory httpClientFactory, TimeProvider time, ILogger<ClientJwksCache> logger)
{
    public const string HttpClientName = "client-jwks";

    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (IReadOnlyList<JsonWebKey> Keys, DateTimeOffset FetchedAt)> _cache = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<JsonWebKey>> GetKeysAsync(string clientId, string jwksUri, string kid, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(clientId, out var cached) && now - cached.FetchedAt < MaxAge && cached.Keys.Any(k => k.Kid == kid))
        {
            return cached.Keys;
        }

        var keys = await FetchAsync(clientId, jwksUri, cancellationToken);
        _cache[clientId] = (keys, time.GetUtcNow());
        return keys;
    }

    private async Task<IReadOnlyList<JsonWebKey>> FetchAsync(string clientId, string jwksUri, CancellationToken cancellationToken)
    {
        try
        {
            using var client = httpClientFactory.CreateClient(HttpClientName);
            var json = await client.GetStringAsync(new Uri(jwksUri), cancellationToken);
            var keys = new JsonWebKeySet(json).Keys
                .Where(k => k.Kty is "RSA" or "EC" && k.Use is null or "sig")
                .ToList();
            logger.LogInformation("Fetched {Count} signing keys for client {ClientId} from {JwksUri}", keys.Count, clientId, jwksUri);
            return keys;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or ArgumentException or System.Text.Json.JsonException)
        {
            logger.LogWarning("Could not fetch the JWKS of client {ClientId} from {JwksUri}: {Error}", clientId, jwksUri, ex.Message);
            return [];
        }
    }
}
