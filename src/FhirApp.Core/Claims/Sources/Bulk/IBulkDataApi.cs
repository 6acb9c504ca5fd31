using Refit;

namespace FhirApp.Core.Claims.Sources.Bulk;

/// <summary>
/// The plain-REST side of FHIR Bulk Data Access v2: kick-off, status, files, delete. A source-generated Refit client
/// per registration (AddRefitGeneratedClient), its base address the EHR's origin, so every path is the server's own
/// (status and file URLs are checked to lie on that origin before the bearer token goes with them). Raw
/// <see cref="HttpResponseMessage"/>s: the status codes and headers (Content-Location, Retry-After, X-Progress) are
/// the protocol, and files are read as streams, never buffered.
/// </summary>
public interface IBulkDataApi
{
    [Get("/{**path}")]
    [Headers("Accept: application/fhir+json", "Prefer: respond-async")]
    Task<HttpResponseMessage> KickOffAsync(string path, [Query] IDictionary<string, string> parameters, CancellationToken ct);

    [Get("/{**path}")]
    [Headers("Accept: application/json")]
    Task<HttpResponseMessage> StatusAsync(string path, [Query] IDictionary<string, string> query, CancellationToken ct);

    [Delete("/{**path}")]
    Task<HttpResponseMessage> DeleteAsync(string path, [Query] IDictionary<string, string> query, CancellationToken ct);

    [Get("/{**path}")]
    [Headers("Accept: application/fhir+ndjson")]
    Task<HttpResponseMessage> DownloadAsync(string path, [Query] IDictionary<string, string> query, CancellationToken ct);
}
