using System.Security.Claims;
using System.Text.Json.Nodes;
using FhirApp.SandboxEhr.Configuration;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace FhirApp.SandboxEhr.Auth;

/// <summary>
/// /connect/token in passthrough mode. OpenIddict has authenticated the client and validated the code or refresh token
/// (PKCE, single use, rotation); this adds the SMART launch context to the response.
/// </summary>
internal static class TokenEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, ClientRegistry clients, SandboxUrls urls, IOptions<SandboxOptions> options)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenIddict request.");
        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            if (result.Principal is null)
            {
                return Error(Errors.InvalidGrant, "The authorization code or refresh token is no longer valid.");
            }

            var context = LaunchContext.FromJson(result.Principal.GetClaim(SandboxClaims.Launch)) ?? new LaunchContext();
            var parameters = LaunchParameters(context, urls.Base(http.Request));

            // OpenIddict narrows the access token to a refresh request's scope; always report what was granted.
            var granted = result.Principal.GetScopes();
            parameters["scope"] = string.Join(' ', request.IsRefreshTokenGrantType() && !string.IsNullOrEmpty(request.Scope)
                ? granted.Intersect(request.GetScopes(), StringComparer.Ordinal)
                : granted);
            var properties = new AuthenticationProperties(items: null, parameters);
            return Results.SignIn(result.Principal, properties, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        if (request.IsClientCredentialsGrantType())
        {
            var client = clients.Find(request.ClientId) ?? throw new InvalidOperationException("OpenIddict accepted an unknown client.");
            if (!client.UsesPrivateKeyJwt)
            {
                return Error(Errors.UnauthorizedClient, "SMART Backend Services requires private_key_jwt client authentication.");
            }

            var granted = ScopeGranter.Grant(request.GetScopes(), client, [], options.Value.PermissionV2, clientCredentials: true);
            var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, client.ClientId);
            identity.SetScopes(granted);
            identity.SetDestinations(_ => [Destinations.AccessToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        return Error(Errors.UnsupportedGrantType, "Only authorization_code, refresh_token and client_credentials are supported.");
    }

    private static Dictionary<string, object?> LaunchParameters(LaunchContext context, string baseUrl)
    {
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["need_patient_banner"] = context.NeedPatientBanner,
            ["smart_style_url"] = context.SmartStyleUrl ?? baseUrl + "/ehr/smart-style.json",
        };
        if (context.Patient is not null)
        {
            parameters["patient"] = context.Patient;
        }

        if (context.Encounter is not null)
        {
            parameters["encounter"] = context.Encounter;
        }

        if (context.FhirContext.Count > 0)
        {
            parameters["fhirContext"] = new JsonArray([.. context.FhirContext.Select(r => (JsonNode)new JsonObject { ["reference"] = r })]);
        }

        if (!string.IsNullOrEmpty(context.Intent))
        {
            parameters["intent"] = context.Intent;
        }

        if (!string.IsNullOrEmpty(context.Tenant))
        {
            parameters["tenant"] = context.Tenant;
        }

        return parameters;
    }

    private static IResult Error(string error, string description) =>
        Results.Forbid(
            new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
            }),
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
