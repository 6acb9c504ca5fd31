namespace FhirApp.Core.Metrics;

/// <summary>
/// What a claim adjustment reason code means, in a few plain words of our own for a biller (X12's official descriptions
/// are copyrighted and are not shipped). Covers the codes the denial cause table files (Denials/Content); an unlisted
/// code says so.
/// </summary>
public static class CarcWords
{
    private static readonly Dictionary<string, string> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["4"] = "modifier missing or wrong for the procedure",
        ["5"] = "procedure or bill type does not fit the place of service",
        ["6"] = "procedure does not fit the patient's age",
        ["7"] = "procedure does not fit the patient's sex",
        ["8"] = "procedure does not fit the provider's specialty",
        ["9"] = "diagnosis does not fit the patient's age",
        ["10"] = "diagnosis does not fit the patient's sex",
        ["11"] = "diagnosis does not support the procedure",
        ["15"] = "authorization number missing or invalid",
        ["16"] = "claim is missing information or has errors",
        ["18"] = "duplicate of a claim already processed",
        ["19"] = "work injury: bill the workers' compensation carrier",
        ["20"] = "injury covered by another payer",
        ["21"] = "no-fault or liability carrier pays first",
        ["22"] = "another payer is primary (coordination of benefits)",
        ["23"] = "prior payer's payment or adjustment already applied",
        ["24"] = "covered by a managed care or capitation plan",
        ["26"] = "service before coverage started",
        ["27"] = "service after coverage ended",
        ["29"] = "filed after the payer's time limit",
        ["31"] = "payer cannot identify the patient as its member",
        ["32"] = "payer does not cover this dependent",
        ["33"] = "insured has no dependent coverage",
        ["39"] = "authorization was refused",
        ["40"] = "not an emergency or urgent service",
        ["49"] = "routine or preventive service not covered",
        ["50"] = "payer found the service not medically necessary",
        ["51"] = "pre-existing condition not covered",
        ["54"] = "assistant surgeon not allowed",
        ["55"] = "experimental or unproven procedure",
        ["56"] = "treatment not proven effective",
        ["58"] = "wrong place of service for this treatment",
        ["59"] = "multiple or concurrent procedure rules applied",
        ["95"] = "plan procedures not followed",
        ["96"] = "service not covered by the plan",
        ["97"] = "paid as part of another service (bundled)",
        ["A1"] = "claim or service denied (see the remark code)",
        ["B7"] = "provider not certified or enrolled for this service on that date",
        ["B9"] = "patient in hospice",
        ["107"] = "related or qualifying claim was not paid",
        ["109"] = "not this payer's claim: send it to the right payer",
        ["110"] = "billing date is before the service date",
        ["119"] = "benefit maximum reached",
        ["120"] = "patient's coverage or plan is not valid for this service",
        ["121"] = "patient's coverage or plan is not valid for this service",
        ["129"] = "prior processing information was wrong",
        ["133"] = "claim on hold, pending review",
        ["140"] = "patient or insured's name does not match",
        ["146"] = "diagnosis invalid for the date of service",
        ["150"] = "documentation does not support this level of service",
        ["151"] = "documentation does not support this many services",
        ["152"] = "documentation does not support this length of service",
        ["160"] = "injury or illness from a legal violation",
        ["163"] = "attachment or document was not received",
        ["164"] = "attachment or document was not received in time",
        ["167"] = "diagnosis not covered",
        ["170"] = "payer does not pay this type of provider for this service",
        ["181"] = "procedure code invalid on the date of service",
        ["182"] = "modifier invalid on the date of service",
        ["183"] = "referring provider not eligible to refer",
        ["184"] = "prescribing or ordering provider not eligible",
        ["185"] = "rendering provider not eligible to perform the service",
        ["189"] = "not otherwise classified code used where a specific one exists",
        ["197"] = "precertification or authorization missing",
        ["198"] = "precertification or authorization limit exceeded",
        ["199"] = "revenue code and procedure code do not match",
        ["200"] = "expenses during a lapse in coverage",
        ["204"] = "service not covered by the patient's current benefit plan",
        ["206"] = "national provider identifier (NPI) missing",
        ["208"] = "national provider identifier (NPI) does not match",
        ["226"] = "information the payer asked for was not sent",
        ["227"] = "information the patient was asked for was not sent",
        ["234"] = "procedure not paid separately",
        ["236"] = "procedure not allowed with another procedure on the same day (NCCI edit)",
        ["242"] = "services not provided by network or primary care providers",
        ["252"] = "an attachment or other documentation is needed",
        ["272"] = "coverage or program guidelines not met",
        ["273"] = "coverage or program guidelines exceeded",
        ["284"] = "precertification or authorization number missing, invalid or does not apply",
        ["288"] = "referral missing",
        ["B13"] = "already paid by another payer or on another claim",
        ["B15"] = "qualifying service or procedure not paid or not received",
        ["B20"] = "service partly or fully done by another provider",
    };

    /// <summary>The words for a CARC ("197"), or null when the code is not one FhirApp knows.</summary>
    public static string? Of(string? carc) => carc is not null && Words.TryGetValue(carc, out var words) ? words : null;

    /// <summary>A reason label with its words: "CO-197: precertification or authorization missing"; the label alone when unknown.</summary>
    public static string Describe(string? label, string? carc) =>
        label is null ? "No reason code" : Of(carc) is { } words ? $"{label}: {words}" : label;

    /// <summary>A dashboard reason label ("CO-197", "197" or a rejection's error code) with its words.</summary>
    public static string DescribeLabel(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var dash = label.IndexOf('-', StringComparison.Ordinal);
        return Describe(label, dash < 0 ? label : label[(dash + 1)..]);
    }
}
