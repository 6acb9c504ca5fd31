using FhirApp.Core.Tests.Architecture.Forbidden.Appeals;

namespace FhirApp.Core.Tests.Architecture.Forbidden.Denials;

/// <summary>A Denials type that uses Appeals: the reference the feature rule forbids, kept so the rule is seen to fail.</summary>
internal static class QueueThatReadsAppeals
{
    public static int LevelOf(AppealThing appeal) => appeal.Level;
}
