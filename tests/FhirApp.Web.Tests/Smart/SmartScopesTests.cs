using FhirApp.Web.Smart;

namespace FhirApp.Web.Tests.Smart;

public sealed class SmartScopesTests
{
    private static readonly IReadOnlyDictionary<string, string> BothFeatures =
        new RegistrationFeatures { AddendumRequests = true, AppealPacketsInChart = true }.Writes();

    [Fact]
    public void GivenServerWithPermissionV2_WhenAChartLaunchAsksForScopes_ThenPatientReadScopesOnlyWithLaunch()
    {
        var scopes = SmartScopes.Build(["launch-ehr", "permission-v2", "permission-v1"], LaunchKind.Patient).Split(' ');

        scopes.ShouldBe(["launch", "openid", "fhirUser", "online_access", "patient/Patient.r", "patient/Claim.rs", "patient/ClaimResponse.rs",
            "patient/Coverage.rs", "patient/ExplanationOfBenefit.rs", "patient/DocumentReference.rs"]);
    }

    [Fact]
    public void GivenTheBillingWorklistLaunch_WhenScopesBuilt_ThenUserScopesOnly()
    {
        var scopes = SmartScopes.Build(["permission-v2"], LaunchKind.Practice).Split(' ');

        scopes.ShouldContain("launch");
        scopes.ShouldContain("user/Claim.rs");
        scopes.ShouldAllBe(s => !s.StartsWith("patient/", StringComparison.Ordinal));
    }

    [Fact]
    public void GivenTheWritingFeaturesTurnedOn_WhenAChartLaunchAsksForScopes_ThenTaskAndDocumentReferenceWritesAreAskedForAndNothingElse()
    {
        var scopes = SmartScopes.Build(["permission-v2"], LaunchKind.Patient, writes: BothFeatures).Split(' ');

        scopes.ShouldContain("patient/DocumentReference.crs");
        scopes.ShouldContain("patient/Task.crus");
        scopes.Where(s => s.Contains('c', StringComparison.Ordinal) && s.Contains('/', StringComparison.Ordinal) && s.Split('.')[^1].Contains('c', StringComparison.Ordinal))
            .ShouldBe(["patient/DocumentReference.crs", "patient/Task.crus"]);
        SmartScopes.Build(["permission-v2"], LaunchKind.Patient, writes: new RegistrationFeatures { AppealPacketsInChart = true }.Writes())
            .ShouldNotContain("Task");
    }

    [Fact]
    public void GivenServerWithoutPermissionV2_WhenScopesBuilt_ThenV1ReadScopesAndNoV2()
    {
        var scopes = SmartScopes.Build(["launch-ehr", "permission-v1"], LaunchKind.Patient, writes: BothFeatures).Split(' ');

        scopes.ShouldContain("patient/Claim.read");
        scopes.ShouldContain("patient/Task.write");
        scopes.ShouldNotContain("patient/Claim.write");
        scopes.ShouldAllBe(s => !s.EndsWith(".rs", StringComparison.Ordinal) && !s.EndsWith(".r", StringComparison.Ordinal));
    }

    [Fact]
    public void GivenStandaloneLaunch_WhenScopesBuilt_ThenLaunchPatientInsteadOfLaunchAndPatientScopesOnly()
    {
        var scopes = SmartScopes.Build(["permission-v2"], LaunchKind.Standalone).Split(' ');

        scopes.ShouldContain("launch/patient");
        scopes.ShouldNotContain("launch");
        scopes.ShouldAllBe(s => !s.StartsWith("user/", StringComparison.Ordinal));
    }

    [Fact]
    public void GivenCustomResources_WhenScopesBuilt_ThenOnlyThoseAndNoWildcards()
    {
        var scopes = SmartScopes.Build(["permission-v2"], LaunchKind.Patient, ["Patient", "Claim"]);

        scopes.ShouldBe("launch openid fhirUser online_access patient/Patient.r patient/Claim.rs");
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
    [InlineData("patient/Observation.rs?category=laboratory", "Observation", 's', false)] // narrowed: part of the type only
    [InlineData("patient/Claim.rs?use=claim", "Claim", 'r', false)]
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
