using System.Text.Json.Nodes;
using FhirApp.SandboxEhr.Configuration;
using FhirApp.SandboxEhr.Fhir;
using Microsoft.Extensions.Options;

namespace FhirApp.SandboxEhr.Auth;

internal static class SmartConfigurationEndpoint
{
    public static IResult Handle(HttpContext http, SandboxUrls urls, IOptions<SandboxOptions> options)
    {
        var capabilities = new JsonArray(
            "launch-ehr", "launch-standalone", "client-confidential-symmetric", "client-confidential-asymmetric",
            "context-ehr-patient", "context-ehr-encounter", "context-standalone-patient", "sso-openid-connect",
            "permission-offline", "permission-online", "permission-patient", "permission-user", "permission-v1");
        if (options.Value.PermissionV2)
        {
            capabilities.Add("permission-v2");
        }

        var scopes = new JsonArray();
        foreach (var scope in SmartScope.FixedScopes)
        {
            scopes.Add(scope);
        }

        foreach (var scope in (string[])["patient/*.read", "user/*.read", "patient/*.write", "user/*.write", "system/*.read"])
        {
            scopes.Add(scope);
        }

        if (options.Value.PermissionV2)
        {
            foreach (var scope in (string[])["patient/*.cruds", "user/*.cruds", "system/*.rs"])
            {
                scopes.Add(scope);
            }
        }

        var request = http.Request;
        var document = new JsonObject
        {
            ["issuer"] = urls.Issuer(request),
            ["jwks_uri"] = urls.JwksUri(request),
            // Deliberately relative: the app must resolve it against the FHIR base's origin.
            ["authorization_endpoint"] = "/connect/authorize",
            ["token_endpoint"] = urls.TokenEndpoint(request),
            ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt", "client_secret_basic"),
            ["token_endpoint_auth_signing_alg_values_supported"] = new JsonArray("RS384", "ES384", "RS256"),
            ["grant_types_supported"] = new JsonArray("authorization_code", "refresh_token", "client_credentials"),
            ["scopes_supported"] = scopes,
            ["response_types_supported"] = new JsonArray("code"),
            ["code_challenge_methods_supported"] = new JsonArray("S256"),
            ["capabilities"] = capabilities,
            ["x-sandbox-note"] = "Unknown fields like this one must be ignored by clients.",
        };
        return Results.Text(document.ToJsonString(), "application/json; charset=utf-8");
    }
}
