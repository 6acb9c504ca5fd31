namespace FhirApp.Core.Eligibility;

/// <summary>
/// AAA03 reject reason codes of the 270/271 (005010X279A1) in our own short words, and whether asking again later may
/// help (42, 80: the payer could not answer now). Codes only, as the guide lists them; the wording is ours.
/// </summary>
public static class AaaReasons
{
    private static readonly Dictionary<string, string> Words = new(StringComparer.Ordinal)
    {
        ["15"] = "the payer needs more identifying information",
        ["41"] = "the provider is not authorized to ask about this member",
        ["42"] = "the payer cannot answer right now",
        ["43"] = "the provider's identity is not valid for this payer",
        ["44"] = "the provider's name is not valid",
        ["45"] = "the provider's specialty is not valid",
        ["47"] = "the provider's state is not valid",
        ["48"] = "the referring provider's identifier is not valid",
        ["49"] = "the provider is not enrolled with this payer",
        ["50"] = "the provider is not eligible to ask for this service",
        ["51"] = "the provider is not on the payer's file",
        ["52"] = "the service dates are not within the provider's plan enrollment",
        ["56"] = "the date of service is not a valid date",
        ["57"] = "the date of service is in the future or too far in the past",
        ["58"] = "the date of birth is not valid",
        ["60"] = "the date of birth follows the date of service",
        ["61"] = "the date of death precedes the date of service",
        ["62"] = "the date of service is not within the allowed inquiry period",
        ["63"] = "the date of service is in the future",
        ["64"] = "the patient's member id is not valid",
        ["65"] = "the patient's name is not valid",
        ["66"] = "the patient's gender is not valid",
        ["67"] = "the patient is not found",
        ["68"] = "the patient id is a duplicate",
        ["71"] = "the patient's date of birth does not match the payer's",
        ["72"] = "the member id is not valid",
        ["73"] = "the member's name is not valid",
        ["74"] = "the member's gender is not valid",
        ["75"] = "the subscriber is not found",
        ["76"] = "the member id is a duplicate",
        ["78"] = "the subscriber is not in the group or plan named",
        ["79"] = "the payer's system is not available",
        ["80"] = "the payer has no answer in time for this request",
        ["97"] = "the payer name or id is not valid",
        ["T4"] = "the payer name or id is missing",
    };

    public static string Describe(string? code) =>
        code is not null && Words.TryGetValue(code, out var words) ? words : $"the payer refused the request (reason {code ?? "not given"})";

    /// <summary>True when the payer could not answer now: the question is fine, ask again later.</summary>
    public static bool IsTemporary(string? code) => code is "42" or "79" or "80";
}
