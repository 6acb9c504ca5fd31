namespace FhirApp.Core.Eligibility;

/// <summary>
/// A practice's eligibility set-up: which route asks each payer (its FHIR endpoint, or the clearinghouse's 270/271 API)
/// and the clearinghouse enrollment. Keys of <see cref="Payers"/> are payer ids: the payer id the clearinghouse routes by
/// (the Organization's NIIP / payer-id identifier), the Organization id, or the payer policy file's payerId or
/// identifiers (<see cref="EligibilityPayerMatch"/>); never a name.
/// </summary>
public sealed record EligibilitySettings
{
    public ClearinghouseSettings? Clearinghouse { get; init; }

    public Dictionary<string, EligibilityPayerRoute> Payers { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A stored answer older than this is shown as out of date and the claim page offers a new check.</summary>
    public int FreshHours { get; init; } = 72;

    /// <summary>The first problem, as (key under "eligibility.", message), or null.</summary>
    public (string Key, string Message)? Validate()
    {
        if (FreshHours is < 1 or > 24 * 60)
        {
            return ("freshHours", "must be between 1 and 1440.");
        }

        if (Payers.Count == 0)
        {
            return ("payers", "names no payer: add at least one payer with its fhirEndpoint or clearinghousePayerId.");
        }

        foreach (var (key, route) in Payers)
        {
            if ((route.FhirEndpoint is null) == (route.ClearinghousePayerId is null))
            {
                return ($"payers.{key}", "needs exactly one of fhirEndpoint (the payer's FHIR base) or clearinghousePayerId (X12 270/271 through the clearinghouse).");
            }

            if (route.FhirEndpoint is { } url && !IsHttp(url, loopbackHttp: true))
            {
                return ($"payers.{key}.fhirEndpoint", "must be an absolute https URL (http only on loopback).");
            }

            if (route.ClearinghousePayerId is { } id && (id.Length is < 2 or > 80 || Clearinghouse is null))
            {
                return Clearinghouse is null
                    ? ("clearinghouse", $"is required: payer '{key}' is asked through the clearinghouse.")
                    : ($"payers.{key}.clearinghousePayerId", "must be 2 to 80 characters.");
            }
        }

        if (Clearinghouse is { } c)
        {
            if (!IsHttp(c.BaseUrl, loopbackHttp: true))
            {
                return ("clearinghouse.baseUrl", "must be an absolute https URL (http only on loopback).");
            }

            if (c.SubmitterId.Length is < 2 or > 15 || c.ReceiverId.Length is < 2 or > 15)
            {
                return ("clearinghouse.submitterId", "and receiverId must be 2 to 15 characters (ISA06 and ISA08).");
            }

            if (c.Usage is not ("T" or "P"))
            {
                return ("clearinghouse.usage", "must be T (test) or P (production).");
            }

            if (c.TimeoutSeconds is < 1 or > 120)
            {
                return ("clearinghouse.timeoutSeconds", "must be between 1 and 120.");
            }
        }

        return null;
    }

    private static bool IsHttp(string url, bool loopbackHttp) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (loopbackHttp && uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));
}
