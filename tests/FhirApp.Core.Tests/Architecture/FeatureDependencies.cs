using System.Reflection;
using NetArchTest.Rules;

namespace FhirApp.Core.Tests.Architecture;

/// <summary>
/// The allowed dependencies between Core's feature namespaces (sub-namespaces included): each feature may use the ones
/// listed and no other feature. Common and Data are shared by all. Claims knows no feature; Appeals uses Denials and
/// Documentation, never the other way; Metrics reads the others and nothing reads it.
/// </summary>
internal static class FeatureDependencies
{
    public static readonly IReadOnlyDictionary<string, string[]> Allowed = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["Claims"] = [],
        ["Audit"] = [],
        ["Documentation"] = ["Claims"],
        ["Denials"] = ["Claims", "Audit", "Scrubbing"],
        ["Appeals"] = ["Claims", "Audit", "Denials", "Documentation", "Scrubbing"],
        // Scrubbing, Learning and Scoring still reach into each other (the learned rule book is read by the scrubber and
        // the model, and mined with both): a known cycle, stated here so that it cannot grow.
        ["Scrubbing"] = ["Claims", "Audit", "Learning"],
        ["Learning"] = ["Claims", "Audit", "Denials", "Scoring", "Scrubbing"],
        ["Scoring"] = ["Claims", "Audit", "Denials", "Learning", "Scrubbing"],
        ["Eligibility"] = ["Claims", "Scrubbing"],
        ["Remittance"] = ["Claims", "Denials"],
        ["Metrics"] = ["Claims", "Audit", "Denials", "Scrubbing", "Scoring", "Appeals"],
    };

    /// <summary>Every type of <paramref name="assembly"/> under <paramref name="root"/> that uses a feature its own may not, as "Type → Feature".</summary>
    public static IReadOnlyList<string> Violations(Assembly assembly, string root)
    {
        var violations = new List<string>();
        foreach (var (feature, allowed) in Allowed)
        {
            foreach (var other in Allowed.Keys.Where(f => f != feature && !allowed.Contains(f)))
            {
                var result = Types.InAssembly(assembly)
                    .That().ResideInNamespace($"{root}.{feature}")
                    .ShouldNot().HaveDependencyOn($"{root}.{other}")
                    .GetResult();
                violations.AddRange((result.FailingTypeNames ?? []).Select(t => $"{t} → {other}"));
            }
        }
        return violations;
    }
}
