namespace FhirApp.Web.Operations;

/// <summary>
/// The response headers every page and endpoint carries. One Content-Security-Policy, ours: scripts from the app only
/// (Blazor's and MudBlazor's files; no inline script), styles inline too (MudBlazor themes render a style element and
/// style attributes), images from the app or data: URLs, no plugins, no base other than the app's own (Blazor needs its
/// `&lt;base href="/"&gt;`, so base-uri is 'self', not 'none'), and framing by the registered EHRs only. No
/// X-Frame-Options: it cannot name other origins, and the EHR must frame the app.
/// </summary>
public static class SecurityHeaders
{
    public static string ContentSecurityPolicy(IEnumerable<string> ehrOrigins) =>
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
        + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
        + $"frame-ancestors 'self' {string.Join(' ', ehrOrigins.Distinct(StringComparer.Ordinal))}";

    public static void Apply(HttpContext context, string contentSecurityPolicy)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = contentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        if (context.Request.IsHttps)
        {
            headers.StrictTransportSecurity = "max-age=31536000";
        }
        if (context.Request.Path.StartsWithSegments("/l"))
        {
            headers.CacheControl = "no-store"; // patient data must not stay in a shared workstation's cache
        }
    }
}
