using System.Net;
using System.Text;
using FhirApp.Web.Smart;
using Microsoft.Extensions.Configuration;

namespace FhirApp.Web.Tests.Smart;

/// <summary>
/// Token endpoint answers as the app's token client (Duende.IdentityModel over a stub EHR) receives them, read by
/// <see cref="TokenEndpointAnswer"/>: which ones ask for a new launch, which ones mean "try again later".
/// </summary>
public sealed class TokenEndpointAnswerTests
{
    private const string TokenEndpoint = "https://ehr.example/oauth2/token";

    private static readonly SmartRegistration Registration = new()
    {
        Id = "ehr",
        Name = "EHR",
        FhirBaseUrl = "https://ehr.example/fhir",
        ClientId = "fhirapp-client",
        RedirectUri = "https://app.example/callback/ehr",
        ClientAuthentication = ClientAuthenticationMethod.ClientSecretBasic,
        ClientSecretSetting = "secret",
    };

    [Theory]
    [InlineData(400, "invalid_grant")]
    [InlineData(401, "invalid_grant")]
    [InlineData(403, "invalid_grant")]
    [InlineData(400, "invalid_client")]
    [InlineData(401, "invalid_client")]
    [InlineData(403, "invalid_client")]
    [InlineData(400, "unauthorized_client")]
    [InlineData(401, "unauthorized_client")]
    [InlineData(403, "unauthorized_client")]
    public async Task GivenAnOAuthErrorInAny4xx_WhenRefreshing_ThenARefusalWithTheEhrsOwnWords(int status, string error)
    {
        var answer = await RefreshAsync(Json((HttpStatusCode)status, $$"""{"error":"{{error}}","error_description":"Refresh token expired at 10:02"}"""));

        answer.Kind.ShouldBe(TokenAnswerKind.Refused);
        answer.Status.ShouldBe(status);
        answer.Error.ShouldBe(error);
        answer.ErrorDescription.ShouldBe("Refresh token expired at 10:02");
        answer.Details.ShouldContain("The EHR said: \u201cRefresh token expired at 10:02\u201d");
        answer.Details.ShouldContain($"EHR answer: HTTP {status}, error code {error}.");
        answer.Explanation.ShouldNotContain(error, Case.Insensitive, "the explanation is plain words; the code is in the details");
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(408)]
    [InlineData(429)]
    public async Task GivenA5xxOrATimeoutStatus_WhenRefreshing_ThenUnreachable(int status)
    {
        var answer = await RefreshAsync(_ => new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent("<html>Service Unavailable</html>", Encoding.UTF8, "text/html") });

        answer.Kind.ShouldBe(TokenAnswerKind.Unreachable);
        answer.Status.ShouldBe(status);
    }

    [Fact]
    public async Task GivenA503CarryingAnOAuthError_WhenRefreshing_ThenStillUnreachableWithTheEhrsWordsKept()
    {
        var answer = await RefreshAsync(Json(HttpStatusCode.ServiceUnavailable, """{"error":"temporarily_unavailable"}"""));

        answer.Kind.ShouldBe(TokenAnswerKind.Unreachable);
        answer.Error.ShouldBe("temporarily_unavailable");
    }

    [Fact]
    public async Task GivenA4xxWithoutAnOAuthBody_WhenRefreshing_ThenARefusalWithoutACode()
    {
        var answer = await RefreshAsync(_ => new HttpResponseMessage(HttpStatusCode.Forbidden) { Content = new StringContent("Forbidden by policy", Encoding.UTF8, "text/plain") });

        answer.Kind.ShouldBe(TokenAnswerKind.Refused);
        answer.Error.ShouldBeNull();
        answer.Details.ShouldContain("EHR answer: HTTP 403.");
    }

    [Fact]
    public async Task GivenNoConnection_WhenRefreshing_ThenUnreachableWithNoStatus()
    {
        var answer = await RefreshAsync(_ => throw new HttpRequestException("Connection refused"));

        answer.Kind.ShouldBe(TokenAnswerKind.Unreachable);
        answer.Status.ShouldBe(0);
    }

    [Fact]
    public async Task GivenHttpClientsTimeout_WhenRefreshing_ThenUnreachableNotAnException()
    {
        // What HttpClient throws when its Timeout passes (the caller's own token is not cancelled).
        var answer = await RefreshAsync(_ => throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout", new TimeoutException()));

        answer.Kind.ShouldBe(TokenAnswerKind.Unreachable);
        answer.Explanation.ShouldContain("did not answer in time");
    }

    [Fact]
    public async Task GivenTheCallersOwnCancellation_WhenRefreshing_ThenItThrows()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() =>
            Client(_ => throw new TaskCanceledException()).RefreshAsync(Registration, TokenEndpoint, "rt", cancelled.Token));
    }

    [Theory]
    [InlineData("{\"access_token\": \"abc\", \"token_type\": \"Bearer\", \"expires_in\": 3")]
    [InlineData("<html>Welcome</html>")]
    [InlineData("{\"token_type\":\"Bearer\"}")]
    public async Task GivenA200WithoutAUsableTokenAnswer_WhenRefreshing_ThenUnreadable(string body)
    {
        var answer = await RefreshAsync(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });

        answer.Kind.ShouldBe(TokenAnswerKind.Unreadable);
    }

    [Fact]
    public async Task GivenTokens_WhenRefreshing_ThenIssued()
    {
        var answer = await RefreshAsync(Json(HttpStatusCode.OK, """{"access_token":"at","token_type":"Bearer","expires_in":300}"""));

        answer.Kind.ShouldBe(TokenAnswerKind.Issued);
    }

    [Fact]
    public async Task GivenAnErrorCodeAndDescriptionOutsideRfc6749_WhenRead_ThenNeitherCanCarryQuotesControlsOrLength()
    {
        var longText = new string('x', 1000);
        var answer = await RefreshAsync(Json(HttpStatusCode.BadRequest, $$"""{"error":"bad\"code\n","error_description":"line1\nline2 \"quoted\" {{longText}}"}"""));

        answer.Error.ShouldBe("(unreadable code)");
        answer.ErrorDescription.ShouldNotBeNull().ShouldStartWith("line1 line2  quoted  x");
        answer.ErrorDescription!.Length.ShouldBeLessThanOrEqualTo(301);
        answer.ToString().ShouldNotContain("\n");
    }

    private static Func<HttpRequestMessage, HttpResponseMessage> Json(HttpStatusCode status, string body) =>
        _ => new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static async Task<TokenEndpointAnswer> RefreshAsync(Func<HttpRequestMessage, HttpResponseMessage> ehr) =>
        TokenEndpointAnswer.Read(await Client(ehr).RefreshAsync(Registration, TokenEndpoint, "rt", CancellationToken.None));

    private static SmartTokenClient Client(Func<HttpRequestMessage, HttpResponseMessage> ehr)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["secret"] = "s3cret" }).Build();
        return new SmartTokenClient(new StubFactory(ehr), assertions: null!, configuration);
    }

    private sealed class StubFactory(Func<HttpRequestMessage, HttpResponseMessage> ehr) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(new StubHandler(ehr));
    }

    private sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> ehr) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult(ehr(request));
        }
    }
}
