using System.Net;
using System.Text;
using FhirApp.Core.Common;
using FhirApp.Web.Fhir;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Serialization;
using Task = System.Threading.Tasks.Task;

namespace FhirApp.Web.Tests.Fhir;

/// <summary>Creates as the EHR sees them: no id of ours, conditional on our business identifier, the EHR's id read back.</summary>
public sealed class EhrWriterTests
{
    private const string Base = "https://ehr.example/fhir";

    [Fact]
    public async Task GivenAResourceWithAnIdOfOurs_WhenCreated_ThenTheBodyCarriesNoIdAndTheEhrsIdComesBack()
    {
        var ehr = new StubEhr(request => Created(request, "srv-1"));
        var document = new DocumentReference
        {
            Id = "appeal-claim-james-90837",
            Meta = new Meta { VersionId = "3" },
            Status = DocumentReferenceStatus.Current,
            Content = [new DocumentReference.ContentComponent { Attachment = new Attachment { ContentType = "application/pdf", Data = [1, 2, 3] } }],
        };

        var written = await EhrWriter.CreateOnAsync(Client(ehr), document, CancellationToken.None);

        written.Id.ShouldBe("srv-1");
        var sent = ehr.Requests.ShouldHaveSingleItem();
        sent.Method.ShouldBe("POST");
        sent.Url.ShouldBe($"{Base}/DocumentReference");
        sent.Body.ShouldNotContain("appeal-claim-james-90837");
        sent.Body.ShouldNotContain("versionId");
        sent.IfNoneExist.ShouldBeNull("no business identifier: a plain create");
        document.Id.ShouldBe("appeal-claim-james-90837", "the caller's object is not changed");
    }

    [Fact]
    public async Task GivenABusinessIdentifier_WhenCreated_ThenTheCreateIsConditionalOnIt()
    {
        var ehr = new StubEhr(request => Created(request, "srv-2"));
        var task = new Hl7.Fhir.Model.Task
        {
            Identifier = [new Identifier("urn:other", "x"), new Identifier(FhirAppSystems.AddendumRequest, "claim-1/2/crit")],
            Status = Hl7.Fhir.Model.Task.TaskStatus.Requested,
            Intent = Hl7.Fhir.Model.Task.TaskIntent.Order,
        };

        await EhrWriter.CreateOnAsync(Client(ehr), task, CancellationToken.None);

        Uri.UnescapeDataString(ehr.Requests.Single().IfNoneExist!).ShouldBe($"identifier={FhirAppSystems.AddendumRequest}|claim-1/2/crit");
    }

    [Fact]
    public async Task GivenTheEhrAnswersWithoutABody_WhenCreated_ThenTheResourceIsReadBackFromLocation()
    {
        var ehr = new StubEhr(request => request.Method == HttpMethod.Post
            ? new HttpResponseMessage(HttpStatusCode.Created) { Headers = { Location = new Uri($"{Base}/Task/srv-3/_history/1") }, Content = new ByteArrayContent([]) }
            : Json(new Hl7.Fhir.Model.Task { Id = "srv-3", Status = Hl7.Fhir.Model.Task.TaskStatus.Requested, Intent = Hl7.Fhir.Model.Task.TaskIntent.Order }));

        var written = await EhrWriter.CreateOnAsync(Client(ehr), new Hl7.Fhir.Model.Task { Status = Hl7.Fhir.Model.Task.TaskStatus.Requested, Intent = Hl7.Fhir.Model.Task.TaskIntent.Order }, CancellationToken.None);

        written.Id.ShouldBe("srv-3");
        ehr.Requests.Select(r => $"{r.Method} {r.Url}").ShouldBe(["POST " + Base + "/Task", "GET " + Base + "/Task/srv-3"]);
    }

    [Fact]
    public async Task GivenTheEhrAnswersWithNeitherBodyNorLocation_WhenCreated_ThenAClearError()
    {
        var ehr = new StubEhr(_ => new HttpResponseMessage(HttpStatusCode.Created) { Content = new ByteArrayContent([]) });

        var error = await Should.ThrowAsync<InvalidOperationException>(() =>
            EhrWriter.CreateOnAsync(Client(ehr), new Hl7.Fhir.Model.Task { Status = Hl7.Fhir.Model.Task.TaskStatus.Requested, Intent = Hl7.Fhir.Model.Task.TaskIntent.Order }, CancellationToken.None));

        error.Message.ShouldContain("neither the new Task nor where it is");
    }

    private static FhirClient Client(StubEhr ehr) =>
        new(Base, new HttpClient(ehr), new FhirClientSettings { PreferredFormat = ResourceFormat.Json, VerifyFhirVersion = false });

    private static HttpResponseMessage Created(HttpRequestMessage request, string id)
    {
        var body = new FhirJsonDeserializer().DeserializeResource(request.Content!.ReadAsStringAsync().GetAwaiter().GetResult());
        body.Id = id;
        var response = Json(body, HttpStatusCode.Created);
        response.Headers.Location = new Uri($"{Base}/{body.TypeName}/{id}/_history/1");
        return response;
    }

    private static HttpResponseMessage Json(Resource resource, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(resource.ToJson(), Encoding.UTF8, "application/fhir+json") };

    private sealed record Sent(string Method, string Url, string Body, string? IfNoneExist);

    private sealed class StubEhr(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public List<Sent> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Add(new Sent(request.Method.Method, request.RequestUri!.GetLeftPart(UriPartial.Path), body,
                request.Headers.TryGetValues("If-None-Exist", out var values) ? values.Single() : null));
            return answer(request);
        }
    }
}
