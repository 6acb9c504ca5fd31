using FhirApp.Web.Smart;

namespace FhirApp.Web.Tests.Smart;

public sealed class LaunchContextTests
{
    private static LaunchContext Launch(RegistrationFeatures features, string? patient, string? tenant = null, params string[] granted) => new(
        "launch-1",
        new SmartRegistration
        {
            Id = "clinic", Name = "Clinic", FhirBaseUrl = "https://ehr.example/fhir", ClientId = "app", RedirectUri = "https://app.example/callback/clinic",
            KeyId = "k", Features = features,
        },
        patient, null, [], true, null, null, tenant, null, granted);

    [Fact]
    public void GivenAnEhrThatGrantsWritesTheRegistrationDidNotTurnOn_WhenAsked_ThenTheWritesAreNotAllowed()
    {
        var launch = Launch(new RegistrationFeatures(), "p1", null, "patient/Task.cruds", "patient/DocumentReference.cruds");

        launch.Allows("Task", 'c').ShouldBeFalse();
        launch.Allows("DocumentReference", 'c').ShouldBeFalse();
        launch.Allows("Task", 'r').ShouldBeTrue("reading what the EHR granted is still fine");
    }

    [Fact]
    public void GivenAddendumRequestsTurnedOn_WhenAsked_ThenOnlyTheirWritesAreAllowed()
    {
        var launch = Launch(new RegistrationFeatures { AddendumRequests = true }, "p1", null, "patient/Task.cruds", "patient/DocumentReference.cruds");

        (launch.Allows("Task", 'c'), launch.Allows("Task", 'u'), launch.Allows("Task", 'd')).ShouldBe((true, true, false));
        (launch.Allows("DocumentReference", 'c'), launch.Allows("DocumentReference", 'u')).ShouldBe((true, false));
    }

    [Fact]
    public void GivenAPatientLaunchGrantedBothLevels_WhenItsDenialsAreScoped_ThenTheyAreItsPatientsOnly()
    {
        var launch = Launch(new RegistrationFeatures(), "p1", null, "patient/Claim.rs", "user/Claim.rs");

        launch.IsPracticeLaunch.ShouldBeFalse();
        launch.Denials.ShouldBe(new FhirApp.Core.Denials.DenialScope("clinic", "p1"));
    }

    [Theory]
    [InlineData(null, "clinic")]
    [InlineData("", "clinic")]
    [InlineData("north-office", "clinic:north-office")]
    public void GivenTheEhrsTenant_WhenThePracticeIsKeyed_ThenItIsTheRegistrationAndTheTenant(string? tenant, string expected) =>
        Launch(new RegistrationFeatures(), null, tenant).Practice.ShouldBe(expected);

    [Fact]
    public void GivenAVeryLongTenant_WhenThePracticeIsKeyed_ThenTheKeyFitsItsColumnAndStaysDistinct()
    {
        var a = Launch(new RegistrationFeatures(), null, new string('a', 100)).Practice;
        var b = Launch(new RegistrationFeatures(), null, new string('a', 99) + "b").Practice;

        a.Length.ShouldBeLessThanOrEqualTo(64);
        a.ShouldStartWith("clinic:#");
        a.ShouldNotBe(b);
    }
}
