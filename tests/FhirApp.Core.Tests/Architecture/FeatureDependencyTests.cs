using FhirApp.Core.Claims;

namespace FhirApp.Core.Tests.Architecture;

public sealed class FeatureDependencyTests
{
    [Fact]
    public void GivenCore_WhenItsFeatureDependenciesAreRead_ThenEachFeatureUsesOnlyTheFeaturesItMay()
    {
        FeatureDependencies.Violations(typeof(ClaimContext).Assembly, "FhirApp.Core").ShouldBeEmpty();
    }

    [Fact]
    public void GivenADenialsTypeThatUsesAnAppealsType_WhenTheRuleRuns_ThenItNamesThatType()
    {
        // The Forbidden namespaces of this test assembly hold one such reference on purpose.
        var violations = FeatureDependencies.Violations(typeof(FeatureDependencyTests).Assembly, "FhirApp.Core.Tests.Architecture.Forbidden");

        violations.ShouldBe(["FhirApp.Core.Tests.Architecture.Forbidden.Denials.QueueThatReadsAppeals → Appeals"]);
    }
}
