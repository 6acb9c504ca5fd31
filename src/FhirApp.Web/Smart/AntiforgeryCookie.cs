using System.Net;

namespace FhirApp.Web.Smart;

/// <summary>
/// The antiforgery cookie, Secure and SameSite=None like the session cookie: inside the EHR's iframe every cookie is
/// third-party, and a Strict or Lax one would never come back. ASP.NET refuses SecurePolicy=Always on a plain-http request
/// (it logged an error on every prerendered page and failed every protected POST with 500), yet browsers keep Secure
/// cookies of http://localhost and 127.0.0.1 (the demo and tests). So the policy is SameAsRequest and this builder marks
/// the cookie Secure itself on https and on loopback; on plain http elsewhere (a balancer not forwarding the scheme) it
/// is a Lax cookie, which browsers would not drop.
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
        var host = context.Request.Host.Host;
        options.Secure = context.Request.IsHttps || host == "localhost" || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
        options.SameSite = options.Secure ? SameSiteMode.None : SameSiteMode.Lax;
        if (options.Secure)
        {
            options.Extensions.Add(SmartAuthentication.Partitioned);
        }
        return options;
    }
}
