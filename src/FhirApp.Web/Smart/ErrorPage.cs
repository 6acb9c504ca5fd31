using System.Text.Encodings.Web;

namespace FhirApp.Web.Smart;

/// <summary>Plain error pages for the endpoints outside the Blazor circuit. Everything from the request or the EHR is HTML-encoded.</summary>
public static class ErrorPage
{
    /// <param name="details">
    /// Lines shown behind a "Details" toggle (a plain &lt;details&gt;, no script): what the EHR said, for whoever
    /// diagnoses the failure. Encoded like everything else.
    /// </param>
    public static Task WriteAsync(HttpContext http, int status, string title, string message, IReadOnlyList<string>? details = null)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        var e = HtmlEncoder.Default;
        var detailsHtml = details is { Count: > 0 }
            ? $"""<details id="error-details"><summary>Details</summary>{string.Concat(details.Select(d => $"<p>{e.Encode(d)}</p>"))}</details>"""
            : "";
        return http.Response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>FhirApp: {{e.Encode(title)}}</title>
            <style>body{font-family:system-ui,sans-serif;margin:3rem;max-width:40rem;color:#222}h1{font-size:1.4rem}details{color:#555}</style></head>
            <body><h1 id="error-title">{{e.Encode(title)}}</h1><p id="error-message">{{e.Encode(message)}}</p>{{detailsHtml}}</body></html>
            """);
    }

    public static IResult Result(int status, string title, string message) => new ErrorResult(status, title, message);

    private sealed class ErrorResult(int status, string title, string message) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext, status, title, message);
    }
}
