using FhirApp.Web.Smart;

namespace FhirApp.Web.Tests.Smart;

public sealed class SmartScopesTests
{
    [Fact]
    public void GivenServerWithPermissionV2_WhenEhrLaunchScopesBuilt_ThenV2ReadScopesAtBothLevelsWithLaunch()
    {
        var scopes = SmartScopes.Build(["launch-ehr", "permission-v2", "permission-v1"], standalone: false).Split(' ');

        // The EHR decides the context: patient/ serves a patient launch, user/ a practice launch (billing worklist).
        scopes.ShouldBe(["launch", "openid", "fhirUser", "online_access", "patient/Patient.r", "user/Patient.r", "patient/Claim.rs", "user/Claim.rs",
            "patient/ClaimResponse.rs", "user/ClaimResponse.rs", "patient/Coverage.rs", "user/Coverage.rs", "patient/ExplanationOfBenefit.rs",
            "user/ExplanationOfBenefit.rs", "patient/DocumentReference.crs", "user/DocumentReference.crs", "patient/Task.crus", "user/Task.crus"]);
    }

    [Fact]
    public void GivenServerWithoutPermissionV2_WhenScopesBuilt_ThenV1ReadScopesAndNoV2()
    {
        var scopes = SmartScopes.Build(["launch-ehr", "permission-v1"], standalone: false).Split(' ');

        scopes.ShouldContain("patient/Claim.read");
        scopes.ShouldContain("patient/Task.write");
        scopes.ShouldNotContain("patient/Claim.write");
        scopes.ShouldAllBe(s => !s.EndsWith(".rs", StringComparison.Ordinal) && !s.EndsWith(".r", StringComparison.Ordinal));
    }

    [Fact]
    public void GivenStandaloneLaunch_WhenScopesBuilt_ThenLaunchPatientInsteadOfLaunchAndPatientScopesOnly()
    {
        var scopes = SmartScopes.Build(["permission-v2"], standalone: true).Split(' ');

        scopes.ShouldContain("launch/patient");
        scopes.ShouldNotContain("launch");
        scopes.ShouldAllBe(s => !s.StartsWith("user/", StringComparison.Ordinal));
    }

    [Fact]
    public void GivenCustomResources_WhenScopesBuilt_ThenOnlyThoseAndNoWildcards()
    {
        var scopes = SmartScopes.Build(["permission-v2"], standalone: false, ["Patient", "Claim"]);

        scopes.ShouldBe("launch openid fhirUser online_access patient/Patient.r user/Patient.r patient/Claim.rs user/Claim.rs");
        scopes.ShouldNotContain("*");
    }

    [Theory]
    [InlineData("patient/Claim.rs", "Claim", 's', true)]
    [InlineData("patient/Claim.r", "Claim", 's', false)]
    [InlineData("patient/Claim.cruds", "Claim", 'r', true)]
    [InlineData("patient/Claim.read", "Claim", 's', true)]
    [InlineData("patient/Claim.write", "Claim", 'r', false)]
    [InlineData("patient/Coverage.rs", "Claim", 'r', false)]
    [InlineData("user/Claim.rs", "Claim", 'r', true)]
    [InlineData("patient/*.read", "DocumentReference", 's', true)]
    [InlineData("patient/Observation.rs?category=laboratory", "Observation", 's', true)]
    [InlineData("launch", "Claim", 'r', false)]
    [InlineData("patient/Task.read", "Task", 'c', false)]
    [InlineData("patient/Task.write", "Task", 'u', true)]
    [InlineData("patient/Task.crus", "Task", 'u', true)]
    [InlineData("patient/DocumentReference.rs", "DocumentReference", 'c', false)]
    public void GivenGrantedScope_WhenAskedForPermission_ThenAnsweredPerSmartRules(string granted, string type, char permission, bool expected) =>
        SmartScopes.Allows([granted], type, permission).ShouldBe(expected);

    [Theory]
    [InlineData("patient/Claim.rs", false)]
    [InlineData("user/Claim.rs", true)]
    [InlineData("user/Claim.read", true)]
    public void GivenNoPatientInContext_WhenAskedForPermission_ThenOnlyUserScopesCount(string granted, bool expected) =>
        SmartScopes.Allows([granted], "Claim", 's', patientContext: false).ShouldBe(expected);
}
