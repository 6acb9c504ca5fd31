using System.Net;

namespace FhirApp.IntegrationTests.Infrastructure;

/// <summary>
/// A browser-like cookie jar for plain HttpClient tests on http://127.0.0.1. The app's cookies are `Secure` (they must
/// work inside an EHR iframe), and CookieContainer never sends Secure cookies over http; browsers treat loopback as a
/// secure context and do. Kept per origin (scheme://host:port), which is all these tests need.
/// </summary>
public sealed class CookieJarHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly Dictionary<string, Dictionary<string, string>> _jar = new(StringComparer.Ordinal);

    /// <summary>Every response this browser received: status line, headers and body, for leak checks.</summary>
    public List<string> Transcript { get; } = [];

    public IReadOnlyDictionary<string, string> CookiesFor(Uri uri) =>
        _jar.TryGetValue(uri.GetLeftPart(UriPartial.Authority), out var c) ? c : new Dictionary<string, string>();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var origin = request.RequestUri!.GetLeftPart(UriPartial.Authority);
        if (_jar.TryGetValue(origin, out var cookies) && cookies.Count > 0)
        {
            request.Headers.Remove("Cookie");
            request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
        }
        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        Transcript.Add($"{request.RequestUri} {(int)response.StatusCode}\n{response.Headers}{response.Content.Headers}\n{await response.Content.ReadAsStringAsync(cancellationToken)}");
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            var bucket = _jar.TryGetValue(origin, out var b) ? b : _jar[origin] = new(StringComparer.Ordinal);
            foreach (var header in setCookies)
            {
                var pair = header.Split(';')[0];
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var (name, value) = (pair[..eq].Trim(), pair[(eq + 1)..].Trim());
                var expired = header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase) || value.Length == 0;
                if (expired)
                {
                    bucket.Remove(name);
                }
                else
                {
                    bucket[name] = value;
                }
            }
        }
        return response;
    }

    public static HttpClient CreateClient(out CookieJarHandler jar)
    {
        jar = new CookieJarHandler(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        return new HttpClient(jar) { Timeout = TimeSpan.FromSeconds(30) };
    }

    public static bool IsRedirect(HttpResponseMessage r) => r.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect;
}
