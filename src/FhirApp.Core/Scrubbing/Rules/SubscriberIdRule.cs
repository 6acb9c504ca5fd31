using System.Text.RegularExpressions;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Scrubbing.Rules;

/// <summary>
/// The subscriber (member) id on the coverage: present, in the payer's format (policy pattern), and the same as a
/// member number the patient's own record carries. Ids are never echoed in findings: they identify the patient.
/// </summary>
public sealed class SubscriberIdRule : IScrubRule
{
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(250);

    /// <summary>v2-0203 identifier types that hold a payer's member id.</summary>
    private static readonly string[] MemberIdTypes = ["MB", "MC", "SN"];

    public string Id => "demographics.subscriber-id";

    public FindingCategory Category => FindingCategory.Demographics;

    public IEnumerable<ScrubFinding> Evaluate(ScrubInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Context.Coverages.Count == 0)
        {
            yield break;
        }
        var coverage = input.Context.Coverages[0];
        var memberId = SubscriberIdOf(coverage);
        var policy = input.Policy;
        if (memberId is null)
        {
            yield return new ScrubFinding
            {
                RuleId = "demographics.subscriber-id-missing",
                Category = Category,
                Severity = FindingSeverity.Hold,
                PredictedCarc = "CO-16",
                Message = "The coverage has no subscriber (member) id. Copy it from the insurance card or the eligibility response (RARC N382 otherwise).",
                Source = policy?.SubscriberIdClause is { } clause ? policy.Cite(clause) : StandardSources.SubscriberIdentifier,
                Trigger = ["Coverage.subscriberId = (none)"],
            };
            yield break;
        }
        if (policy?.SubscriberIdPattern is { Length: > 0 } pattern
            && !Regex.IsMatch(memberId, pattern, RegexOptions.CultureInvariant, PatternTimeout))
        {
            yield return new ScrubFinding
            {
                RuleId = "demographics.subscriber-id-format",
                Category = Category,
                Severity = FindingSeverity.Hold,
                PredictedCarc = "CO-31",
                Message = $"The subscriber id is not in {input.Payer?.Name ?? "the payer"}'s member id format. Check it against the insurance card (a mistyped or old id is the usual cause).",
                Source = policy.Cite(policy.SubscriberIdClause ?? "member identification"),
                Trigger = [$"Coverage.subscriberId = {memberId.Length} characters", $"expected pattern = {pattern}"],
            };
        }
        if (IsSelf(coverage) && input.Context.Patient is { } patient)
        {
            var systems = coverage.Identifier.Select(i => i.System).OfType<string>().ToHashSet(StringComparer.Ordinal);
            var patientMemberIds = patient.Identifier
                .Where(i => !string.IsNullOrWhiteSpace(i.Value)
                    && ((i.System is { } s && systems.Contains(s)) || i.Type?.Coding.Any(c => MemberIdTypes.Contains(c.Code)) == true))
                .Select(i => Normalize(i.Value ?? ""))
                .ToList();
            if (patientMemberIds.Count > 0 && !patientMemberIds.Contains(Normalize(memberId)))
            {
                yield return new ScrubFinding
                {
                    RuleId = "demographics.subscriber-id-mismatch",
                    Category = Category,
                    Severity = FindingSeverity.Review,
                    PredictedCarc = "CO-31",
                    Message = "The subscriber id on the coverage differs from the member id in the patient's registration. Confirm which one the payer has on file and correct the other.",
                    Source = StandardSources.SubscriberIdentifier,
                    Trigger = ["Coverage.subscriberId ≠ Patient.identifier (member id)", "Coverage.relationship = self"],
                };
            }
        }
    }

    /// <summary>Coverage.subscriberId, else a member-number identifier on the Coverage.</summary>
    internal static string? SubscriberIdOf(Coverage coverage) =>
        !string.IsNullOrWhiteSpace(coverage.SubscriberId)
            ? coverage.SubscriberId.Trim()
            : coverage.Identifier.FirstOrDefault(i => !string.IsNullOrWhiteSpace(i.Value) && i.Type?.Coding.Any(c => MemberIdTypes.Contains(c.Code)) == true)?.Value?.Trim();

    /// <summary>The patient is the subscriber (relationship "self", or none stated with the beneficiary as subscriber).</summary>
    internal static bool IsSelf(Coverage coverage) =>
        coverage.Relationship?.Coding.Any(c => c.Code == "self") == true
        || (coverage.Relationship is null && coverage.Subscriber?.Reference is { } s && s == coverage.Beneficiary?.Reference);

    private static string Normalize(string value) =>
        new([.. value.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant)]);
}
