using FhirApp.Web.Smart;

namespace FhirApp.Web.Tests.Smart;

public sealed class FhirUserReferenceTests
{
    [Theory]
    [InlineData("Practitioner/pr-1", "Practitioner", "pr-1")]
    [InlineData("https://fhir.epic.example/api/FHIR/R4/Practitioner/eAbc123", "Practitioner", "eAbc123")]
    [InlineData("http://127.0.0.1:5010/fhir/PractitionerRole/r1/_history/3", "PractitionerRole", "r1")]
    [InlineData("Patient/p1", "Patient", "p1")]
    public void GivenRelativeOrAbsoluteFhirUser_WhenParsed_ThenTypeAndIdAreFound(string value, string type, string id)
    {
        var user = FhirUserReference.Parse(value).ShouldNotBeNull();
        user.ResourceType.ShouldBe(type);
        user.Id.ShouldBe(id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("pr-1")]
    [InlineData("Organization/o1")]
    [InlineData("https://ehr.example/fhir/")]
    public void GivenValueThatIsNotAUserReference_WhenParsed_ThenNull(string? value) =>
        FhirUserReference.Parse(value).ShouldBeNull();
}
