namespace FhirApp.Core.Scrubbing.Rules;

/// <summary>
/// The standards the claim-level rules cite when no payer clause applies, kept in one place so a reviewer can check
/// every citation (and its version) at once.
/// </summary>
internal static class StandardSources
{
    public static readonly SourceCitation CoverageStatus = new("FHIR R4 Coverage", "4.0.1", "Coverage.status (cancelled: not in force)");

    public static readonly SourceCitation CoveragePeriod = new("FHIR R4 Coverage", "4.0.1", "Coverage.period, start and end dates inclusive");

    public static readonly SourceCitation CoveragePayor = new("FHIR R4 Claim and Coverage", "4.0.1", "Claim.insurer is the Coverage.payor that adjudicates");

    public static readonly SourceCitation ClaimInsurance = new("FHIR R4 Claim", "4.0.1", "Claim.insurance.coverage (1..1 per insurance)");

    public static readonly SourceCitation SubscriberDemographics =
        new("X12 837P", "005010X222A1", "loop 2010BA subscriber name (NM1) and demographics (DMG) as on the payer's file");

    public static readonly SourceCitation SubscriberIdentifier = new("X12 837P", "005010X222A1", "loop 2010BA NM109 subscriber primary identifier");

    public static readonly SourceCitation Frequency =
        new("X12 837P", "005010X222A1", "CLM05-3 claim frequency: a billed service is resent as 7 (replacement) or 8 (void), never as a new claim");

    public static readonly SourceCitation OrderingProvider =
        new("X12 837P", "005010X222A1", "loops 2310A / 2420E-F referring and ordering provider, required when the service was ordered or referred");

    public static readonly SourceCitation Npi = new("CMS NPI standard (Luhn check digit with the 80840 prefix)", "45 CFR 162.406", "NPI check digit");

    public static readonly SourceCitation RenderingProvider = new("X12 837P", "005010X222A1", "loop 2310B rendering provider NPI");

    public static readonly SourceCitation BillingProvider = new("X12 837P", "005010X222A1", "loop 2010AA billing provider NPI");

    public static readonly SourceCitation PlaceOfService = new("X12 837P", "005010X222A1", "CLM05-1 place of service");

    public static readonly SourceCitation PsychotherapyTime =
        new("AMA CPT psychotherapy time rule", "2026", "90837 is reported for 53 minutes or more; the note states start and end times");

    public static readonly SourceCitation Modifier59 =
        new("CMS NCCI Policy Manual for Medicare Services", "2026", "chapter I, section E (modifiers and modifier indicators), modifiers 59 and XE/XS: a different site, lesion, incision or session documented");

    public static readonly SourceCitation Modifier25 =
        new("CMS Medicare Claims Processing Manual (Pub. 100-04)", "chapter 12", "section 30.6.6.B modifier 25: a significant, separately identifiable E/M service");

    public static readonly SourceCitation PhysicalStatus =
        new("ASA Physical Status Classification System", "2020-12-13", "ASA III / IV: severe systemic disease documented");
}
