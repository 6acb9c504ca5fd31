using FhirApp.Web.Claims;
using FhirApp.Web.Smart;

namespace FhirApp.Web.Tests.Claims;

public sealed class PatientClaimsServiceTests
{
    private static readonly LaunchContext Launch = new(
        "l1",
        new SmartRegistration { Id = "ehr", Name = "EHR", FhirBaseUrl = "https://ehr.example/fhir", ClientId = "c", RedirectUri = "https://app/callback/ehr" },
        "p1", null, [], true, null, null, null, null, []);

    [Theory]
    [InlineData("Patient/p1", true)]
    [InlineData("Patient/p1/_history/3", true)]
    [InlineData("https://ehr.example/fhir/Patient/p1", true)]
    [InlineData("Patient/p2", false)]
    [InlineData("Patient/p10", false)]
    [InlineData("https://other.example/fhir/Patient/p1", false)]
    [InlineData("Group/p1", false)]
    [InlineData("Patient/p1/extra", false)]
    [InlineData(null, false)]
    public void GivenClaimPatientReference_WhenCheckedAgainstTheLaunch_ThenOnlyTheLaunchPatientOnThisEhrPasses(string? reference, bool expected) =>
        PatientClaimsService.IsLaunchPatient(reference, Launch).ShouldBe(expected);
}
