using Duende.IdentityModel.Client;

namespace FhirApp.Web.Smart;

/// <summary>
/// Token endpoint calls (code exchange and refresh) through Duende.IdentityModel, with the registration's client
/// authentication: a fresh private_key_jwt assertion on every call, or HTTP Basic with the configured secret.
/// A timeout (Smart:TokenTimeoutSeconds) comes back as a response without an HTTP answer, like a network error, so
/// <see cref="TokenEndpointAnswer.Read"/> reads both as "unreachable"; only the caller's own cancellation throws.
/// </summary>
public sealed class SmartTokenClient(IHttpClientFactory httpFactory, ClientAssertionFactory assertions, IConfiguration configuration)
{
    public const string HttpClientName = "smart-token";

    public Task<TokenResponse> ExchangeCodeAsync(SmartRegistration registration, string tokenEndpoint, string code, string redirectUri, string codeVerifier, CancellationToken ct)
    {
        var request = new AuthorizationCodeTokenRequest
        {
            Address = tokenEndpoint,
            Code = code,
            RedirectUri = redirectUri,
            CodeVerifier = codeVerifier,
        };
        Authenticate(request, registration, tokenEndpoint);
        return SendAsync(http => http.RequestAuthorizationCodeTokenAsync(request, ct), ct);
    }

    public Task<TokenResponse> RefreshAsync(SmartRegistration registration, string tokenEndpoint, string refreshToken, CancellationToken ct)
    {
        var request = new RefreshTokenRequest { Address = tokenEndpoint, RefreshToken = refreshToken };
        Authenticate(request, registration, tokenEndpoint);
        return SendAsync(http => http.RequestRefreshTokenAsync(request, ct), ct);
    }

    /// <summary>SMART Backend Services: client_credentials with a private_key_jwt assertion; <paramref name="backendClient"/> from <see cref="SmartRegistration.AsBackendClient"/>.</summary>
    public Task<TokenResponse> RequestClientCredentialsAsync(SmartRegistration backendClient, string tokenEndpoint, string scope, CancellationToken ct)
    {
        var request = new ClientCredentialsTokenRequest { Address = tokenEndpoint, Scope = scope };
        Authenticate(request, backendClient, tokenEndpoint);
        return httpFactory.CreateClient(HttpClientName).RequestClientCredentialsTokenAsync(request, ct);
    }

    private async Task<TokenResponse> SendAsync(Func<HttpClient, Task<TokenResponse>> send, CancellationToken ct)
    {
        try
        {
            return await send(httpFactory.CreateClient(HttpClientName));
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            // HttpClient's own timeout: the EHR said nothing in time.
            return ProtocolResponse.FromException<TokenResponse>(new TimeoutException("The token endpoint did not answer in time.", ex));
        }
        catch (HttpRequestException ex)
        {
            return ProtocolResponse.FromException<TokenResponse>(ex);
        }
    }

    private void Authenticate(ProtocolRequest request, SmartRegistration registration, string tokenEndpoint)
    {
        request.ClientId = registration.ClientId;
        if (registration.ClientAuthentication == ClientAuthenticationMethod.PrivateKeyJwt)
        {
            request.ClientCredentialStyle = ClientCredentialStyle.PostBody;
            request.ClientAssertion = new ClientAssertion
            {
                Type = ClientAssertionFactory.AssertionType,
                Value = assertions.Create(registration, tokenEndpoint),
            };
        }
        else
        {
            request.ClientCredentialStyle = ClientCredentialStyle.AuthorizationHeader;
            request.ClientSecret = configuration[registration.ClientSecretSetting!]
                ?? throw new InvalidOperationException($"Client secret setting '{registration.ClientSecretSetting}' for '{registration.Id}' is not set.");
        }
    }
}
