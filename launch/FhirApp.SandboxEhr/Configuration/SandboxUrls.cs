using Microsoft.Extensions.Options;

namespace FhirApp.SandboxEhr.Configuration;

/// <summary>Every absolute URL the sandbox hands out, derived from Sandbox:BaseUrl or else from the request.</summary>
internal sealed class SandboxUrls(IOptions<SandboxOptions> options)
{
    public string Base(HttpRequest request)
    {
        var configured = options.Value.BaseUrl;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured.TrimEnd('/');
        }

        return $"{request.Scheme}://{request.Host.Value}{request.PathBase.Value}".TrimEnd('/');
    }

    public string FhirBase(HttpRequest request) => Base(request) + "/fhir";

    public string Issuer(HttpRequest request) => Base(request) + "/";

    public string TokenEndpoint(HttpRequest request) => Base(request) + "/connect/token";

    public string AuthorizationEndpoint(HttpRequest request) => Base(request) + "/connect/authorize";

    public string JwksUri(HttpRequest request) => Base(request) + "/.well-known/jwks";

    /// <summary>Base for search paging links: NextLinkBaseUrl's origin when configured, else the FHIR base.</summary>
    public string NextLinkFhirBase(HttpRequest request)
    {
        var next = options.Value.NextLinkBaseUrl;
        return string.IsNullOrWhiteSpace(next) ? FhirBase(request) : next.TrimEnd('/') + "/fhir";
    }
}
