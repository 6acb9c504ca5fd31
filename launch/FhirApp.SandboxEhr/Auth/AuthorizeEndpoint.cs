using System.Security.Claims;
using FhirApp.SandboxEhr.Configuration;
using Microsoft.AspNetCore;
using FhirApp.SandboxEhr.Fhir;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace FhirApp.SandboxEhr.Auth;

/// <summary>
/// /connect/authorize in OpenIddict passthrough mode: OpenIddict has already checked client, redirect_uri,
/// response_type and PKCE; here come the SMART rules (aud, launch, patient picker, granted scopes).
/// </summary>
internal static class AuthorizeEndpoint
{
    public static IResult Handle(
        HttpContext http,
        ClientRegistry clients,
        LaunchCodeStore launchCodes,
        FhirResourceStore store,
        SandboxUrls urls,
        IOptions<SandboxOptions> options,
        ILoggerFactory loggerFactory)
    {
        var logger = loggerFactory.CreateLogger(typeof(AuthorizeEndpoint));
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenIddict request.");
        var client = clients.Find(request.ClientId) ?? throw new InvalidOperationException("OpenIddict accepted an unknown client.");
        var fhirBase = urls.FhirBase(http.Request);
        var aud = (string?)request["aud"];
        if (!string.Equals(aud, fhirBase, StringComparison.Ordinal))
        {
            logger.LogInformation("Authorize rejected for {ClientId}: aud does not equal the FHIR base", client.ClientId);
            return Error(Errors.InvalidRequest, $"aud must equal the FHIR base URL '{fhirBase}' exactly.");
        }

        var requested = request.GetScopes();
        var launch = (string?)request["launch"];
        LaunchContext context;
        if (!string.IsNullOrEmpty(launch))
        {
            if (!requested.Contains("launch"))
            {
                return Error(Errors.InvalidRequest, "invalid launch: a launch parameter needs the launch scope.");
            }

            var redeemed = launchCodes.Redeem(launch, client.ClientId);
            if (redeemed is null)
            {
                logger.LogInformation("Authorize rejected for {ClientId}: unknown, expired, reused or foreign launch code", client.ClientId);
                return Error(Errors.InvalidRequest, "invalid launch");
            }

            context = redeemed;
        }
        else if (requested.Contains("launch"))
        {
            return Error(Errors.InvalidRequest, "invalid launch: the launch scope needs a launch parameter (EHR launch).");
        }
        else if (requested.Contains("launch/patient"))
        {
            var picked = HttpMethods.IsPost(http.Request.Method) ? (string?)request["patient"] : null;
            if (string.IsNullOrEmpty(picked))
            {
                return PatientPickerPage.Render(request, store, client.Name);
            }

            if (store.Get("Patient", picked) is null)
            {
                return Error(Errors.InvalidRequest, "The selected patient does not exist.");
            }

            context = new LaunchContext { ClientId = client.ClientId, Patient = picked, User = options.Value.DefaultUser };
        }
        else
        {
            context = new LaunchContext { ClientId = client.ClientId, User = options.Value.DefaultUser };
        }

        var granted = ScopeGranter.Grant(requested, client, context.ScopeDeny, options.Value.PermissionV2, clientCredentials: false, patientContext: context.Patient is not null,
            overGrantUserScopes: options.Value.OverGrantUserScopes);
        var principal = CreatePrincipal(context, granted, fhirBase);
        return Results.SignIn(principal, properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static ClaimsPrincipal CreatePrincipal(LaunchContext context, IReadOnlyList<string> granted, string fhirBase)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, context.User);
        identity.SetClaim(SandboxClaims.FhirUser, context.FhirUserForm == "absolute" ? $"{fhirBase}/{context.User}" : context.User);
        if (context.Patient is not null)
        {
            identity.SetClaim(SandboxClaims.Patient, context.Patient);
        }

        identity.SetClaim(SandboxClaims.Launch, context.ToJson());
        identity.SetScopes(granted);
        var fhirUserInIdToken = granted.Contains("fhirUser");
        identity.SetDestinations(claim => claim.Type switch
        {
            Claims.Subject => [Destinations.AccessToken, Destinations.IdentityToken],
            SandboxClaims.FhirUser when fhirUserInIdToken => [Destinations.AccessToken, Destinations.IdentityToken],
            SandboxClaims.FhirUser => [Destinations.AccessToken],
            SandboxClaims.Patient => [Destinations.AccessToken],
            _ => [],
        });
        return new ClaimsPrincipal(identity);
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
