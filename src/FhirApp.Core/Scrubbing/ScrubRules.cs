using System.Reflection;
using FhirApp.Core.Scrubbing.Rules;

namespace FhirApp.Core.Scrubbing;

/// <summary>Every rule class in this assembly (public, sealed, parameterless): adding a rule is adding a class.</summary>
public static class ScrubRules
{
    public static IReadOnlyList<IScrubRule> All { get; } = [.. typeof(IScrubRule).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IScrubRule).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (IScrubRule)Activator.CreateInstance(t)!)];
}
