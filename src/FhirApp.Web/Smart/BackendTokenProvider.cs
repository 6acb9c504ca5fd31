using System.Collections.Concurrent;
using Duende.IdentityModel.Client;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace FhirApp.Web.Smart;

/// <summary>
/// SMART Backend Services access tokens, one per registration (its backend client and scopes), cached in memory until
/// shortly before expiry, with one token request in flight per registration. No refresh tokens: a new assertion each time.
/// Tokens are never logged.
/// </summary>
public sealed class BackendTokenProvider(SmartTokenClient tokenClient, IOptionsMonitor<OpenIdConnectOptions> oidcOptions, TimeProvider clock, ILogger<BackendTokenProvider> logger)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CachedToken> _tokens = new(StringComparer.Ordinal);

    /// <summary>A valid token; <paramref name="rejectedToken"/> (the one a 401 answered) is never handed out again.</summary>
    public async Task<string> GetAsync(SmartRegistration registration, string? rejectedToken, CancellationToken ct)
    {
        var backend = registration.AsBackendClient() ?? throw new InvalidOperationException($"Registration '{registration.Id}' has no backendServices client.");
        if (Usable(registration.Id, rejectedToken) is { } cached)
        {
            return cached;
        }
        var gate = _gates.GetOrAdd(registration.Id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            if (Usable(registration.Id, rejectedToken) is { } fresh)
            {
                return fresh; // another caller fetched one while this one waited
            }
            var config = await oidcOptions.Get(registration.Id).ConfigurationManager!.GetConfigurationAsync(ct);
            var now = clock.GetUtcNow();
            var response = await tokenClient.RequestClientCredentialsAsync(backend, config.TokenEndpoint, registration.BackendServices!.Scopes, ct);
            if (response.ErrorType is ResponseErrorType.Http or ResponseErrorType.Exception)
            {
                throw new HttpRequestException($"The EHR's token endpoint could not be reached ({(int)response.HttpStatusCode}).", response.Exception, response.HttpStatusCode);
            }
            if (response.IsError || string.IsNullOrEmpty(response.AccessToken))
            {
                logger.LogWarning("Backend Services token refused for {Registration}: {Error}", registration.Id, response.Error);
                throw new HttpRequestException($"The EHR refused the Backend Services token request ({response.Error}).");
            }
            var (_, refreshAt) = TokenLifetime.Compute(response.AccessToken, response.ExpiresIn, now);
            _tokens[registration.Id] = new CachedToken(response.AccessToken, refreshAt, response.Scope ?? "");
            return response.AccessToken;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The scopes the EHR granted with the current token (empty before the first one).</summary>
    public string GrantedScopes(string registrationId) => _tokens.TryGetValue(registrationId, out var t) ? t.Scope : "";

    private string? Usable(string registrationId, string? rejectedToken) =>
        _tokens.TryGetValue(registrationId, out var t) && clock.GetUtcNow() < t.RefreshAt && t.AccessToken != rejectedToken ? t.AccessToken : null;

    private sealed record CachedToken(string AccessToken, DateTimeOffset RefreshAt, string Scope);
}
