using FhirApp.Web.Smart;
using Microsoft.AspNetCore.Http;

namespace FhirApp.Web.Tests.Smart;

public sealed class AntiforgeryCookieTests
{
    [Theory]
    [InlineData("https", true, SameSiteMode.None)] // inside the EHR's iframe: third-party, so None, which browsers accept only Secure
    [InlineData("http", false, SameSiteMode.Lax)] // loopback demo and tests: ASP.NET refuses a Secure antiforgery cookie on http
    public void GivenARequest_WhenTheCookieIsBuilt_ThenSecureAndSameSiteFollowItsScheme(string scheme, bool secure, SameSiteMode sameSite)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = scheme;

        var options = new AntiforgeryCookie { Name = "af" }.Build(context);

        options.Secure.ShouldBe(secure);
        options.SameSite.ShouldBe(sameSite);
        options.HttpOnly.ShouldBeTrue();
        options.IsEssential.ShouldBeTrue();
    }
}
