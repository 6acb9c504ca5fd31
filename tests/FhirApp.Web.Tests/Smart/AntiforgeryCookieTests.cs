using FhirApp.Web.Smart;
using Microsoft.AspNetCore.Http;

namespace FhirApp.Web.Tests.Smart;

public sealed class AntiforgeryCookieTests
{
    [Theory]
    [InlineData("https", "fhirapp.example.org", true, SameSiteMode.None)] // inside the EHR's iframe: third-party, so None, which browsers accept only Secure
    [InlineData("http", "127.0.0.1:5005", true, SameSiteMode.None)] // loopback demo and tests: browsers keep Secure cookies there
    [InlineData("http", "localhost:5005", true, SameSiteMode.None)]
    [InlineData("http", "[::1]:5005", true, SameSiteMode.None)]
    [InlineData("http", "fhirapp.example.org", false, SameSiteMode.Lax)] // plain http elsewhere: a Secure cookie would be dropped
    public void GivenARequest_WhenTheCookieIsBuilt_ThenSecureAndSameSiteFollowWhatTheBrowserKeeps(string scheme, string host, bool secure, SameSiteMode sameSite)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = scheme;
        context.Request.Host = new HostString(host);

        var options = new AntiforgeryCookie { Name = "af" }.Build(context);

        options.Secure.ShouldBe(secure);
        options.SameSite.ShouldBe(sameSite);
        options.HttpOnly.ShouldBeTrue();
        options.IsEssential.ShouldBeTrue();
    }
}
