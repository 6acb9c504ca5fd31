using System.Net;
using System.Net.Http.Headers;

namespace FhirApp.Web.Smart;

/// <summary>
/// Adds the practice's Backend Services token to requests for the EHR's own origin only. On a 401 it gets one new token
/// and retries once (GETs only: the poller sends nothing else).
/// </summary>
public sealed class BackendBearerHandler(BackendTokenProvider tokens, SmartRegistration registration) : DelegatingHandler
{
    private readonly Uri _fhirBase = new(registration.FhirBaseUrl);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = null;
        if (!SmartBearerHandler.SameOrigin(request.RequestUri, _fhirBase))
        {
            return await base.SendAsync(request, cancellationToken);
        }
        var token = await tokens.GetAsync(registration, rejectedToken: null, cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized || request.Method != HttpMethod.Get)
        {
            return response;
        }
        response.Dispose();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetAsync(registration, rejectedToken: token, cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }
}
