using FhirApp.Web.Operations;
using Microsoft.AspNetCore.Http;

namespace FhirApp.Web.Tests.Operations;

public sealed class SecurityHeadersTests
{
    private static readonly string Policy = SecurityHeaders.ContentSecurityPolicy(["https://ehr.example", "https://portal.ehr.example"]);

    [Fact]
    public void GivenTheRegisteredEhrs_WhenThePolicyIsBuilt_ThenItAllowsNoInlineScriptNoPluginsAndFramingByThemOnly()
    {
        var directives = Policy.Split(';', StringSplitOptions.TrimEntries).ToDictionary(d => d.Split(' ')[0], d => d);

        directives["script-src"].ShouldBe("script-src 'self'");
        directives["img-src"].ShouldBe("img-src 'self' data:");
        directives["object-src"].ShouldBe("object-src 'none'");
        directives["base-uri"].ShouldBe("base-uri 'self'");
        directives["frame-ancestors"].ShouldBe("frame-ancestors 'self' https://ehr.example https://portal.ehr.example");
        Policy.ShouldNotContain("unsafe-eval");
        directives["script-src"].ShouldNotContain("unsafe-inline");
    }

    [Theory]
    [InlineData("https", true)]
    [InlineData("http", false)]
    public void GivenARequest_WhenHeadersAreApplied_ThenNosniffAlwaysAndHstsOnHttpsOnly(string scheme, bool hsts)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = scheme;
        context.Request.Path = "/l/abc/claims";

        SecurityHeaders.Apply(context, Policy);

        var headers = context.Response.Headers;
        headers.XContentTypeOptions.ToString().ShouldBe("nosniff");
        headers.ContentSecurityPolicy.Count.ShouldBe(1);
        headers.CacheControl.ToString().ShouldBe("no-store");
        (headers.StrictTransportSecurity.Count == 1).ShouldBe(hsts);
    }
}
