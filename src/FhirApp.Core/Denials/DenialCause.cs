namespace FhirApp.Core.Denials;

/// <summary>
/// Root cause, owner and the scrubber rule family that should have caught a denial (null: no rule does yet).
/// <paramref name="Generic"/> marks CARCs that say little alone (CO-16): a listed RARC decides instead.
/// </summary>
public sealed record DenialCause(DenialCategory Category, DenialOwner Owner, string? Rule, bool Generic = false)
{
    /// <summary>What the queue and the CSV show when no scrubber rule covers the cause.</summary>
    public const string NoRule = "no rule: suggest one";

    /// <summary>The rule family, or <see cref="NoRule"/>.</summary>
    public string RuleOrSuggestion => Rule ?? NoRule;

    /// <summary>For codes the table does not list.</summary>
    public static DenialCause Unknown { get; } = new(DenialCategory.Other, DenialOwner.Billing, null);
}
