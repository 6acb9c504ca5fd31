using System.Net;
using FhirApp.Core.Eligibility;
using FhirApp.Core.Tests.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FhirApp.Core.Tests.Eligibility;

/// <summary>
/// Checks stored and read back on each engine: the newest check per patient and payer, and the newest the payer
/// answered, which a later check that got no answer must not hide. The payer is a stub FHIR endpoint.
/// </summary>
public sealed class EligibilityServiceTests
{
    private static readonly EligibilitySettings Settings = new()
    {
        Payers = new(StringComparer.OrdinalIgnoreCase) { ["ACME1"] = new EligibilityPayerRoute { FhirEndpoint = "https://payer.example/fhir" } },
    };

    [Theory]
    [Engines]
    public async Task GivenAnAnswerThenACheckThePayerFailed_WhenReadBack_ThenTheNewestIsTheFailureAndTheNewestAnsweredIsTheAnswer(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 10, 9, 0, 0, TimeSpan.Zero));
        var payer = new StubPayer();
        var service = new EligibilityService(new ServiceCollection().BuildServiceProvider(), payer, db.Contexts, clock, NullLogger<EligibilityService>.Instance);
        var context = new FhirApp.Core.Claims.ClaimContextBuilder().Build(FhirFixtures.DemoRecord(), "claim-maria-followup")!;

        payer.Next = (HttpStatusCode.OK, Response("2026-09-30", inforce: false));
        var (answer, _) = await service.CheckAsync("practice-a", "sandbox", Settings, context, "Practitioner/pr-1", CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(1));
        payer.Next = (HttpStatusCode.BadRequest, """{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"invalid"}]}""");
        var (failed, _) = await service.CheckAsync("practice-a", "sandbox", Settings, context, "Practitioner/pr-1", CancellationToken.None);

        (answer!.Status, answer.CoverageEnd, failed!.Status, failed.Message).ShouldBe((EligibilityStatus.Inactive, new DateOnly(2026, 9, 30), EligibilityStatus.Failed, "The payer refused the request (400)."));
        var newest = (await service.LatestAsync("practice-a", ["p-maria-lopez"], answeredOnly: false, CancellationToken.None)).ShouldHaveSingleItem();
        var answered = (await service.LatestAsync("practice-a", ["p-maria-lopez"], answeredOnly: true, CancellationToken.None)).ShouldHaveSingleItem();
        (newest.Answer, newest.CheckedAt).ShouldBe((failed, clock.GetUtcNow()));
        (answered.Answer, answered.PayerKey, answered.ClaimId).ShouldBe((answer, "ACME1", "claim-maria-followup"));
        (await service.LatestAsync("practice-b", null, answeredOnly: false, CancellationToken.None)).ShouldBeEmpty("checks are kept per practice");
    }

    private static string Response(string end, bool inforce) => $$$"""
        {"resourceType":"CoverageEligibilityResponse","status":"active","purpose":["validation"],"patient":{"reference":"#member"},
         "created":"2026-11-10T09:00:00+00:00","outcome":"complete","insurer":{"display":"ACME"},"request":{"identifier":{"value":"x"}},
         "contained":[{"resourceType":"Patient","id":"member","name":[{"family":"LOPEZ","given":["MARIA"]}],"birthDate":"1968-04-12"},
                      {"resourceType":"Coverage","id":"coverage","status":"active","subscriberId":"ACM448812307","beneficiary":{"reference":"#member"},"payor":[{"display":"ACME"}]}],
         "insurance":[{"coverage":{"reference":"#coverage"},"inforce":{{{(inforce ? "true" : "false")}}},"benefitPeriod":{"start":"2026-01-01","end":"{{{end}}}"}}]}
        """;

    private sealed class StubPayer : HttpMessageHandler, IHttpClientFactory
    {
        public (HttpStatusCode Status, string Body) Next { get; set; }

        public HttpClient CreateClient(string name) => new(this, disposeHandler: false);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(Next.Status) { Content = new StringContent(Next.Body, System.Text.Encoding.UTF8, "application/fhir+json") });
    }
}
