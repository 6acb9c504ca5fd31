using System.Net;
using System.Net.Http.Headers;

namespace FhirApp.Web.Smart;

/// <summary>
/// Adds the launch's bearer token to requests for the EHR's own origin only (a foreign `link.next` or absolute reference
/// never sees it). On a 401 it refreshes once and retries; a second 401 means the user must relaunch. A 401 or 403 from
/// the EHR drops what this process keeps of the launch's patient data (refused means gone).
/// Counts round trips for the debug log.
/// </summary>
public sealed class SmartBearerHandler(LaunchStore launches, string launchId, Uri fhirBase) : DelegatingHandler
{
    /// <summary>The launch's cached patient data, dropped on a refusal; null where nothing is cached (tests).</summary>
    public LaunchDataCache? Cache { get; init; }

    public int RoundTrips { get; private set; }

    /// <summary>The EHR registration: keys the resilience pipeline's circuit (see <see cref="Operations.EhrResilience"/>).</summary>
    public string? RegistrationId { get; init; }

    /// <summary>True when every request of this client only reads (a batch of GETs included): safe to retry.</summary>
    public bool RetrySafe { get; init; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = null;
        if (!SameOrigin(request.RequestUri, fhirBase))
        {
            RoundTrips++;
            return await base.SendAsync(request, cancellationToken);
        }

        Stamp(request);
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var token = await launches.GetAccessTokenAsync(launchId, rejectedToken: null, cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        RoundTrips++;
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Forbidden)
        {
            Cache?.Drop(launchId);
        }
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        response.Dispose();
        using var retry = Clone(request, body);
        Stamp(retry);
        retry.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await launches.GetAccessTokenAsync(launchId, rejectedToken: token, cancellationToken));
        RoundTrips++;
        var second = await base.SendAsync(retry, cancellationToken);
        if (second.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            Cache?.Drop(launchId);
        }
        if (second.StatusCode == HttpStatusCode.Unauthorized)
        {
            second.Dispose();
            await launches.EndAsync(launchId);
            throw new RelaunchRequiredException("The EHR rejected a freshly refreshed token.");
        }
        return second;
    }

    private void Stamp(HttpRequestMessage request)
    {
        if (RegistrationId is not null)
        {
            request.Options.Set(Operations.EhrResilience.RegistrationKey, RegistrationId);
        }
        if (RetrySafe)
        {
            request.Options.Set(Operations.EhrResilience.RetrySafeKey, true);
        }
    }

    public static bool SameOrigin(Uri? a, Uri b) =>
        a is not null && a.IsAbsoluteUri
        && string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    private static HttpRequestMessage Clone(HttpRequestMessage request, byte[]? body)
    {
        var clone = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version };
        foreach (var header in request.Headers.Where(h => h.Key != "Authorization"))
        {
            clone.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        if (body is not null)
        {
            clone.Content = new ByteArrayContent(body);
            foreach (var header in request.Content!.Headers)
            {
                clone.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }
        return clone;
    }
}
