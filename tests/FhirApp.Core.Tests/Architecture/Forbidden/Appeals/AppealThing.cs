namespace FhirApp.Core.Tests.Architecture.Forbidden.Appeals;

/// <summary>Stands for an Appeals type in the architecture rule's own test.</summary>
internal sealed class AppealThing
{
    public int Level { get; init; }
}
