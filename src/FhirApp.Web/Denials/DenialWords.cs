using FhirApp.Core.Denials;

namespace FhirApp.Web.Denials;

/// <summary>Plain words for the denial codes the worklist shows ("Medical necessity", "Front desk", "Corrected claim").</summary>
public static class DenialWords
{
    public static string Category(DenialCategory category) => Sentence(DenialNames.Of(category));

    public static string Owner(DenialOwner owner) => Sentence(DenialNames.Of(owner));

    public static string Kind(DenialKind kind) => Sentence(DenialNames.Of(kind));

    public static string Route(DenialRoute route) => Sentence(Core.Appeals.AppealWorkflow.Action(route));

    private static string Sentence(string kebab) =>
        kebab.Length == 0 ? kebab : char.ToUpperInvariant(kebab[0]) + kebab[1..].Replace('-', ' ');
}
