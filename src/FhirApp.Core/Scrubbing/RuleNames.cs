namespace FhirApp.Core.Scrubbing;

/// <summary>
/// A rule id ("auth.number-missing") in a biller's words ("Prior authorization: number missing"), for lists of rules
/// where no finding message is at hand (rules turned off, rule effects). The id stays behind the words, never on screen.
/// </summary>
public static class RuleNames
{
    private static readonly Dictionary<string, string> Families = new(StringComparer.Ordinal)
    {
        ["auth"] = "Prior authorization",
        ["coding"] = "Codes",
        ["demographics"] = "Patient and member details",
        ["documentation"] = "Documentation in the note",
        ["duplicate"] = "Duplicate claim",
        ["eligibility"] = "Coverage and eligibility",
        ["filing"] = "Filing limit",
        ["missing"] = "Missing claim information",
        ["modifiers"] = "Modifiers",
        ["units"] = "Units",
    };

    private static readonly Dictionary<string, string> Words = new(StringComparer.Ordinal)
    {
        ["dx"] = "diagnosis",
        ["npi"] = "NPI",
        ["mue"] = "units limit (MUE)",
        ["ncci"] = "NCCI code pair",
        ["em"] = "E/M visit",
        ["cpt"] = "CPT",
        ["hcpcs"] = "HCPCS",
        ["icd"] = "ICD-10",
        ["id"] = "ID",
    };

    public static string Of(string ruleId)
    {
        ArgumentNullException.ThrowIfNull(ruleId);
        var dot = ruleId.IndexOf('.', StringComparison.Ordinal);
        var family = dot < 0 ? ruleId : ruleId[..dot];
        var head = Families.GetValueOrDefault(family) ?? Capitalized(Spaced(family));
        return dot < 0 || dot == ruleId.Length - 1 ? head : $"{head}: {Spaced(ruleId[(dot + 1)..])}";
    }

    private static string Spaced(string slug) => string.Join(' ', slug.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(w => Words.GetValueOrDefault(w) ?? w));

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
