using FhirApp.SandboxEhr.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpenIddict.Validation.AspNetCore;

namespace FhirApp.SandboxEhr.Fhir;

/// <summary>Bearer-token check for FHIR calls, via OpenIddict validation (token entries checked, so revocation bites).</summary>
internal static class FhirAuthenticator
{
    public static async Task<(FhirAccess? Access, FhirResponse? Failure)> AuthenticateAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        if (result.Succeeded && result.Principal is not null)
        {
            var options = http.RequestServices.GetRequiredService<IOptions<SandboxOptions>>().Value;
            return (FhirAccess.From(result.Principal, options.UserPatients), null);
        }

        var hadToken = http.Request.Headers.Authorization.Count > 0;
        http.Response.Headers.WWWAuthenticate = hadToken
            ? "Bearer realm=\"sandbox-ehr\", error=\"invalid_token\", error_description=\"The access token is invalid, expired or revoked.\""
            : "Bearer realm=\"sandbox-ehr\"";
        return (null, FhirResponse.Error(401, "login", hadToken ? "The access token is invalid, expired or revoked." : "A bearer token is required."));
    }
}
