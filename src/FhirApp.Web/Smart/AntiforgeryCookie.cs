namespace FhirApp.Web.Smart;

/// <summary>
/// The antiforgery cookie. Over HTTPS (every deployment: README, "TLS") it is Secure and SameSite=None, because inside the
/// EHR's iframe every cookie is third-party and a Strict or Lax one would never come back. Over plain http (the loopback
/// demo and tests, the only place the Secure-only session cookie works without TLS) ASP.NET refuses a Secure-only
/// antiforgery cookie, logging an error on every prerendered page and failing every protected POST with 500, and browsers
/// drop SameSite=None without Secure: there it is Lax, which a same-site EHR page (127.0.0.1 on another port) still sends.
/// </summary>
internal sealed class AntiforgeryCookie : CookieBuilder
{
    public AntiforgeryCookie()
    {
        HttpOnly = true;
        IsEssential = true;
        SecurePolicy = CookieSecurePolicy.SameAsRequest;
    }

    public override CookieOptions Build(HttpContext context, DateTimeOffset expiresFrom)
    {
        var options = base.Build(context, expiresFrom);
        options.SameSite = context.Request.IsHttps ? SameSiteMode.None : SameSiteMode.Lax;
        return options;
    }
}
