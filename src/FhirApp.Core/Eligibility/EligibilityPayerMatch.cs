using Hl7.Fhir.Model;

namespace FhirApp.Core.Eligibility;

/// <summary>The route table entry that names a claim's payer, by its payer-id identifier, its id or its name.</summary>
public static class EligibilityPayerMatch
{
    public static (string Key, EligibilityPayerRoute Route)? Find(EligibilitySettings settings, Organization? payer)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (payer is null)
        {
            return null;
        }

        var names = payer.Identifier.Select(i => i.Value).Append(payer.Id).Append(payer.Name).OfType<string>().Where(n => n.Length > 0).ToList();
        foreach (var name in names)
        {
            foreach (var (key, route) in settings.Payers)
            {
                if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                {
                    return (key, route);
                }
            }
        }

        return null;
    }
}
