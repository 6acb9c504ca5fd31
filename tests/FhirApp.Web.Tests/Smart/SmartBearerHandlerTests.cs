using System.Net;
using FhirApp.Web.Smart;

namespace FhirApp.Web.Tests.Smart;

public sealed class SmartBearerHandlerTests
{
    private sealed class Recorder : HttpMessageHandler
    {
        public List<HttpRequestMessage> Seen { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Seen.Add(request);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }
    }

    [Theory]
    [InlineData("https://other.example/fhir/Claim?page=2")]
    [InlineData("https://ehr.example:8443/fhir/Claim?page=2")]
    [InlineData("http://ehr.example/fhir/Claim?page=2")]
    public async Task GivenRequestToAnotherOrigin_WhenSent_ThenNoAuthorizationHeaderAndNoTokenLookup(string url)
    {
        var inner = new Recorder();
        // No token store: a lookup for a foreign origin would throw.
        using var client = new HttpClient(new SmartBearerHandler(null!, "launch-1", new Uri("https://ehr.example/fhir")) { InnerHandler = inner });
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "leaked");

        await client.SendAsync(request);

        inner.Seen.Single().Headers.Authorization.ShouldBeNull();
    }

    [Theory]
    [InlineData("https://EHR.example/fhir/Claim", true)]
    [InlineData("https://ehr.example:443/other", true)]
    [InlineData("https://ehr.example.evil/fhir", false)]
    [InlineData("https://ehr.example:444/fhir", false)]
    public void GivenUrl_WhenComparedWithTheEhrOrigin_ThenSchemeHostAndPortMustMatch(string url, bool expected) =>
        SmartBearerHandler.SameOrigin(new Uri(url), new Uri("https://ehr.example/fhir")).ShouldBe(expected);
}
