using System.Globalization;
using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Common;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Scrubbing.Rules;

/// <summary>
/// The payer's own eligibility answer (the newest in <see cref="Claims.ClaimContext.EligibilityResponses"/>) against the
/// claim: coverage not in force on the date of service (what the EHR's Coverage may not know: a lapse without notice),
/// the member id, name or date of birth the payer has differing from the claim's, the payer's rejection of the check,
/// and a plan that needs a referral or an authorization the claim does not carry. Ids and names are never echoed.
/// </summary>
public sealed class PayerEligibilityRule : IScrubRule
{
    private static readonly SourceCitation X12Source = new("X12 271 eligibility response", "005010X279A1",
        "EB01 coverage status, 2100C DTP plan dates, 2100C subscriber (NM1, DMG) as the payer has it, EB11 / MSG plan requirements, AAA rejections");

    private static readonly SourceCitation FhirSource = new("FHIR R4 CoverageEligibilityResponse", "4.0.1",
        "whether the coverage is in force and its dates, the patient and coverage as the payer has them, what the plan needs authorized, errors");

    public string Id => "eligibility.payer";

    public FindingCategory Category => FindingCategory.Eligibility;

    public IEnumerable<ScrubFinding> Evaluate(ScrubInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var context = input.Context;
        if (context.Claim is not { } claim || context.EligibilityResponses.Count == 0)
        {
            yield break;
        }

        var response = context.EligibilityResponses.MaxBy(r => FhirValues.ToInstant(r.CreatedElement) ?? DateTimeOffset.MinValue)!;
        var x12 = response.Meta?.Tag.Any(t => t.System == FhirAppSystems.EligibilityRoute && t.Code == "x12") == true;
        var source = x12 ? X12Source : FhirSource;
        var said = $"the payer's {(x12 ? "271" : "eligibility response")}{(FhirValues.ToInstant(response.CreatedElement) is { } at ? $" of {at.UtcDateTime:yyyy-MM-dd}" : "")}";
        var dos = input.Facts.ServiceDate;
        if (response.Error.Count > 0)
        {
            var error = response.Error[0].Code;
            var code = error?.Coding.FirstOrDefault()?.Code;
            if (code != "no-answer")
            {
                yield return Finding("eligibility.payer-rejected", FindingSeverity.Review, "CO-31",
                    $"The payer could not confirm the coverage ({said}): {Lower(error?.Text ?? "it refused the request")} Check the insurance card and check eligibility again.",
                    source, [$"{said}: rejected{(code is null ? "" : $" (reason {code})")}"]);
            }

            yield break;
        }

        var insurance = response.Insurance.FirstOrDefault();
        var start = FhirValues.ToDate(insurance?.BenefitPeriod?.Start);
        var end = FhirValues.ToDate(insurance?.BenefitPeriod?.End);
        var askedFor = FhirValues.StartDate(response.Serviced);
        if (dos is { } d && insurance?.Inforce is { } inforce)
        {
            // The answer is about the date asked; another date of service is judged by the coverage dates the payer gave.
            var inactive = (end is { } e && d > e) || (start is { } s && d < s) || (!inforce && askedFor == d);
            if (inactive)
            {
                var when = end is { } ended && d > ended ? $" (the coverage ended {ended:yyyy-MM-dd})" : start is { } began && d < began ? $" (the coverage starts {began:yyyy-MM-dd})" : "";
                yield return Finding("eligibility.payer-inactive", FindingSeverity.Hold, start is { } s2 && d < s2 ? "PR-26" : "PR-27",
                    $"Coverage inactive on the date of service per {said}{when}. Re-verify with the patient and bill the coverage in force on {d:yyyy-MM-dd}, or the patient.",
                    source, [$"date of service = {d:yyyy-MM-dd}", $"{said}: in force = {(inforce ? "yes" : "no")}{(end is { } e3 ? $", coverage end = {e3:yyyy-MM-dd}" : "")}"]);
            }
        }

        foreach (var finding in Mismatches(context, response, said, source))
        {
            yield return finding;
        }

        var items = insurance?.Item.Where(i => i.AuthorizationRequired == true).ToList() ?? [];
        if (items.Any(IsReferral) && !HasReferral(claim))
        {
            yield return Finding("eligibility.referral-required", FindingSeverity.Review, "CO-16",
                $"The plan needs a referral per {said}, and the claim names no referring provider. Get the referral from the primary care provider and add it before submitting.",
                source, [$"{said}: referral required", "referring provider on the claim = none"]);
        }

        if (items.Any(i => !IsReferral(i)) && !claim.Insurance.Any(i => i.PreAuthRef.Any(r => !string.IsNullOrWhiteSpace(r))))
        {
            yield return Finding("eligibility.authorization-required", FindingSeverity.Review, "CO-197",
                $"The plan needs a prior authorization for some services per {said}, and the claim carries no authorization number. Check whether these services need one.",
                source, [$"{said}: authorization required", "authorization number on the claim = none"]);
        }
    }

    private IEnumerable<ScrubFinding> Mismatches(Claims.ClaimContext context, CoverageEligibilityResponse response, string said, SourceCitation source)
    {
        var member = Contained<Patient>(response, response.Patient);
        var payerCoverage = Contained<Coverage>(response, response.Insurance.FirstOrDefault()?.Coverage);
        var coverage = context.Coverages.Count > 0 ? context.Coverages[0] : null;
        if (payerCoverage?.SubscriberId is { Length: > 0 } payerId && coverage is not null && SubscriberIdRule.SubscriberIdOf(coverage) is { } ours
            && Normalize(payerId) != Normalize(ours))
        {
            yield return Finding("eligibility.payer-member-id-mismatch", FindingSeverity.Hold, "CO-31",
                $"The member id the payer has differs from the coverage's ({said}). Bill with the payer's member id, and correct the coverage in the EHR.",
                source, [$"the coverage's member id ≠ the member id in {said}"]);
        }

        if (member is null || context.Patient is not { } patient)
        {
            yield break;
        }

        if (member.BirthDate is { Length: > 0 } payerBirth && patient.BirthDate is { Length: > 0 } birth && payerBirth != birth)
        {
            yield return Finding("eligibility.payer-birthdate-mismatch", FindingSeverity.Hold, "CO-31",
                $"The date of birth the payer has differs from the patient's ({said}). Confirm it with the patient and correct whichever is wrong before submitting.",
                source, [$"the patient's date of birth ≠ the date of birth in {said}"]);
        }

        var theirs = member.Name.FirstOrDefault();
        var mine = patient.Name.FirstOrDefault(n => n.Use == HumanName.NameUse.Official) ?? patient.Name.FirstOrDefault();
        if (theirs?.Family is { } family && mine?.Family is { } ourFamily
            && (Normalize(family) != Normalize(ourFamily) || !SameGiven(theirs.Given.FirstOrDefault(), mine.Given.FirstOrDefault())))
        {
            yield return Finding("eligibility.payer-name-mismatch", FindingSeverity.Review, "CO-31",
                $"The name the payer has differs from the patient's ({said}). Bill with the name as on the insurance card, and update the EHR if it is wrong.",
                source, [$"the patient's name ≠ the name in {said}"]);
        }
    }

    private static bool SameGiven(string? a, string? b) =>
        a is null || b is null || Normalize(a) == Normalize(b);

    private static bool IsReferral(CoverageEligibilityResponse.ItemsComponent item) =>
        $"{item.Name} {item.Description} {item.Category?.Text} {FhirValues.Display(item.Category)}".Contains("referral", StringComparison.OrdinalIgnoreCase);

    private static bool HasReferral(Claim claim) =>
        claim.Referral is not null || claim.CareTeam.Any(c => FhirValues.HasCode(c.Role, "referring"));

    private static T? Contained<T>(DomainResource container, ResourceReference? reference) where T : Resource =>
        reference?.Reference is { Length: > 1 } r && r[0] == '#' ? container.Contained.OfType<T>().FirstOrDefault(c => c.Id == r[1..]) : null;

    private static string Normalize(string value) => new([.. value.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant)]);

    private static string Lower(string text) => text.Length == 0 ? text : char.ToLower(text[0], CultureInfo.InvariantCulture) + text[1..];

    private ScrubFinding Finding(string ruleId, FindingSeverity severity, string carc, string message, SourceCitation source, IReadOnlyList<string> trigger) => new()
    {
        RuleId = ruleId,
        Category = Category,
        Severity = severity,
        PredictedCarc = carc,
        Message = message,
        Source = source,
        Trigger = trigger,
    };
}
