using FhirApp.Web.Fhir;
using Hl7.Fhir.Model;

namespace FhirApp.Web.Tests.Fhir;

public sealed class LenientFhirSerializationEngineTests
{
    [Fact]
    public void GivenBatchResponseWithOneBadEnvelopeAndOneBadResource_WhenRead_ThenOnlyThoseAreDroppedAndEntriesStayAligned()
    {
        var engine = new LenientFhirSerializationEngine();
        var json = """
            {"resourceType":"Bundle","type":"batch-response","entry":[
              {"response":{"status":"200"},"resource":{"resourceType":"Patient","id":"p1","x-vendor":1}},
              {"search":{"mode":"sideways"},"response":{"status":"200"},"resource":{"resourceType":"Claim","id":"c0"}},
              {"response":{"status":"200"},"resource":{"resourceType":"Bundle","type":"searchset","entry":[
                 {"resource":{"resourceType":"Claim","id":"c1","status":"active"}},
                 {"resource":{"resourceType":"Claim","id":"c2","total":{"value":"abc"}}}]}},
              {"response":{"status":"403"}}
            ]}
            """;

        var bundle = (Bundle)engine.DeserializeFromJson(json);

        bundle.Entry.Count.ShouldBe(4, "one entry per request, even for the unreadable one");
        bundle.Entry[0].Resource.ShouldBeOfType<Patient>().Id.ShouldBe("p1");
        bundle.Entry[1].Resource.ShouldBeNull();
        bundle.Entry[1].Response.ShouldBeNull();
        var inner = bundle.Entry[2].Resource.ShouldBeOfType<Bundle>();
        inner.Entry.Select(e => e.Resource?.Id).ShouldBe(["c1", null]);
        bundle.Entry[3].Response.ShouldNotBeNull().Status.ShouldBe("403");
        engine.Skipped.ShouldContain(s => s.ResourceType == "Claim" && s.Id == "c2" && s.Message.Contains("Claim.total.value", StringComparison.Ordinal));
        engine.Skipped.ShouldContain(s => s.Message.Contains("entry 1", StringComparison.Ordinal));
        engine.Skipped.ShouldAllBe(s => !s.Message.Contains("abc", StringComparison.Ordinal), "messages never quote values");
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    public void GivenBodyThatIsNotAFhirObject_WhenRead_ThenFormatException(string body) =>
        Should.Throw<FormatException>(() => new LenientFhirSerializationEngine().DeserializeFromJson(body));

    [Fact]
    public void GivenDeeplyNestedExtensions_WhenRead_ThenParsedBeyondTheDefaultJsonDepth()
    {
        var nested = "{\"url\":\"http://x/leaf\",\"valueString\":\"v\"}";
        for (var i = 0; i < 40; i++)
        {
            nested = $"{{\"url\":\"http://x/e{i}\",\"extension\":[{nested}]}}";
        }

        var patient = new LenientFhirSerializationEngine().DeserializeFromJson($"{{\"resourceType\":\"Patient\",\"id\":\"p\",\"extension\":[{nested}]}}");

        patient.ShouldBeOfType<Patient>().Extension.Count.ShouldBe(1);
    }
}
