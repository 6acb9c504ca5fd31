using FhirApp.Core.Claims;

namespace FhirApp.Core.Eligibility;

/// <summary>
/// The route table entry of a claim's payer. Route keys are payer ids: one of the payer's own ids (its NIIP / payer-id
/// identifier, its Organization id) or, through the <see cref="PayerDirectory"/>, the key or another identifier of
/// the configured payer it is. A payer's name never picks a route.
/// </summary>
public static class EligibilityPayerMatch
{
    public static (string Key, EligibilityPayerRoute Route)? Find(EligibilitySettings settings, PayerIdentity? payer, PayerDirectory? directory = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (payer is null)
        {
            return null;
        }

        var ids = payer.Identifiers.Append(payer.Id).OfType<string>().ToList();
        if ((directory ?? PayerDirectory.Empty).KeyOf(payer) is { } key)
        {
            ids.AddRange((directory ?? PayerDirectory.Empty).IdsOf(key));
        }

        foreach (var id in ids)
        {
            foreach (var (routeKey, route) in settings.Payers)
            {
                if (string.Equals(routeKey, id, StringComparison.OrdinalIgnoreCase))
                {
                    return (routeKey, route);
                }
            }
        }

        return null;
    }
}
