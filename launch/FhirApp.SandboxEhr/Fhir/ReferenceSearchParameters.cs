namespace FhirApp.SandboxEhr.Fhir;

/// <summary>Where each reference search parameter (and _include/_revinclude name) points inside a resource.</summary>
internal static class ReferenceSearchParameters
{
    private static readonly Dictionary<string, Dictionary<string, string[]>> Table = new(StringComparer.Ordinal)
    {
        ["Claim"] = new(StringComparer.Ordinal)
        {
            ["patient"] = ["patient"], ["insurer"] = ["insurer"], ["provider"] = ["provider"], ["enterer"] = ["enterer"],
            ["care-team"] = ["careTeam.provider"], ["encounter"] = ["item.encounter"], ["facility"] = ["facility"],
            ["payee"] = ["payee.party"], ["coverage"] = ["insurance.coverage"], ["prescription"] = ["prescription"],
        },
        ["ClaimResponse"] = new(StringComparer.Ordinal)
        {
            ["patient"] = ["patient"], ["request"] = ["request"], ["insurer"] = ["insurer"], ["requestor"] = ["requestor"],
        },
        ["ExplanationOfBenefit"] = new(StringComparer.Ordinal)
        {
            ["patient"] = ["patient"], ["claim"] = ["claim"], ["coverage"] = ["insurance.coverage"], ["insurer"] = ["insurer"],
            ["provider"] = ["provider"], ["care-team"] = ["careTeam.provider"], ["encounter"] = ["item.encounter"],
            ["payee"] = ["payee.party"], ["enterer"] = ["enterer"], ["facility"] = ["facility"],
        },
        ["Coverage"] = new(StringComparer.Ordinal)
        {
            ["patient"] = ["beneficiary"], ["beneficiary"] = ["beneficiary"], ["payor"] = ["payor"],
            ["subscriber"] = ["subscriber"], ["policy-holder"] = ["policyHolder"],
        },
        ["DocumentReference"] = new(StringComparer.Ordinal)
        {
            ["patient"] = ["subject"], ["subject"] = ["subject"], ["encounter"] = ["context.encounter"],
            ["related"] = ["context.related"], ["author"] = ["author"], ["custodian"] = ["custodian"],
        },
        ["Encounter"] = new(StringComparer.Ordinal)
        {
            ["patient"] = ["subject"], ["subject"] = ["subject"], ["participant"] = ["participant.individual"],
            ["practitioner"] = ["participant.individual"], ["service-provider"] = ["serviceProvider"],
        },
        ["Task"] = new(StringComparer.Ordinal)
        {
            ["patient"] = ["for"], ["subject"] = ["for"], ["for"] = ["for"], ["focus"] = ["focus"], ["owner"] = ["owner"],
            ["requester"] = ["requester"], ["encounter"] = ["encounter"], ["based-on"] = ["basedOn"], ["part-of"] = ["partOf"],
        },
        ["Communication"] = new(StringComparer.Ordinal)
        {
            ["patient"] = ["subject"], ["subject"] = ["subject"], ["recipient"] = ["recipient"], ["sender"] = ["sender"],
            ["encounter"] = ["encounter"], ["based-on"] = ["basedOn"], ["part-of"] = ["partOf"],
        },
        ["Condition"] = new(StringComparer.Ordinal) { ["patient"] = ["subject"], ["subject"] = ["subject"], ["encounter"] = ["encounter"] },
        ["Observation"] = new(StringComparer.Ordinal) { ["patient"] = ["subject"], ["subject"] = ["subject"], ["encounter"] = ["encounter"] },
        ["Patient"] = new(StringComparer.Ordinal)
        {
            ["general-practitioner"] = ["generalPractitioner"], ["organization"] = ["managingOrganization"],
        },
        ["PractitionerRole"] = new(StringComparer.Ordinal)
        {
            ["practitioner"] = ["practitioner"], ["organization"] = ["organization"], ["location"] = ["location"],
        },
    };

    public static IReadOnlyCollection<string> TypesWithTable => Table.Keys;

    public static IReadOnlyCollection<string> NamesFor(string type) =>
        Table.TryGetValue(type, out var byName) ? byName.Keys : ["patient", "subject"];

    /// <summary>Paths for a parameter; unknown names fall back to the camel-cased element of the same name.</summary>
    public static string[] Paths(string type, string name)
    {
        if (Table.TryGetValue(type, out var byName) && byName.TryGetValue(name, out var paths))
        {
            return paths;
        }

        return name switch
        {
            "patient" => ["patient", "subject"],
            _ => [CamelCase(name)],
        };
    }

    public static bool IsKnown(string type, string name) =>
        (Table.TryGetValue(type, out var byName) && byName.ContainsKey(name)) || name is "patient" or "subject";

    /// <summary>Elements that place a resource in a patient's compartment (only references to that Patient count).</summary>
    public static string[] CompartmentPaths(string type) => type switch
    {
        "Coverage" => ["beneficiary", "subscriber", "policyHolder"],
        "Task" => ["for"],
        _ when Table.TryGetValue(type, out var byName) && byName.TryGetValue("patient", out var paths) => paths,
        _ => ["patient", "subject", "beneficiary"],
    };

    private static string CamelCase(string name)
    {
        var parts = name.Split('-', StringSplitOptions.RemoveEmptyEntries);
        return string.Concat(parts.Select((p, i) => i == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
    }
}
