using System.Collections.Concurrent;

namespace FhirApp.IntegrationTests.Infrastructure;

/// <summary>Sits in the app's "fhir" HttpClient pipeline and records what the app sent to the EHR (URLs and bodies).</summary>
public sealed class OutgoingFhirRecorder
{
    public ConcurrentQueue<(string Method, string Url, string Body)> Requests { get; } = new();

    public DelegatingHandler CreateHandler() => new Handler(this);

    private sealed class Handler(OutgoingFhirRecorder recorder) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            recorder.Requests.Enqueue((request.Method.Method, request.RequestUri!.ToString(), body));
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
