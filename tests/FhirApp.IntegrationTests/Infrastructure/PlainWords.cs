using System.Text.RegularExpressions;

namespace FhirApp.IntegrationTests.Infrastructure;

/// <summary>What a biller must never read on a page: FHIR ids and references, element paths, enum names, parameter names.</summary>
internal static partial class PlainWords
{
    public static void ShouldHaveNone(string text)
    {
        var found = Developer().Matches(text).Select(m => m.Value).Distinct().ToList();
        found.ShouldBeEmpty($"developer words on screen: {string.Join(", ", found)}");
    }

    // Resource references (Practitioner/pr-x, Claim/claim-x), our fixture ids (claim-…, eob-…, cr-…, org-payer-…, p-…),
    // element paths (Claim.insurance.preAuthRef), the enum names the queue used to show, and "(Parameter 'x')".
    [GeneratedRegex(@"\b(?:Patient|Practitioner|Organization|Claim|ClaimResponse|ExplanationOfBenefit|DocumentReference|Coverage|Task)/[A-Za-z0-9\-.]+|\b(?:claim|eob|cr|org-payer|pr|cov|doc)-[a-z0-9]+(?:-[a-z0-9]+)+\b|\b(?:Claim|ExplanationOfBenefit|ClaimResponse)\.[a-z][A-Za-z]+(?:\.[a-z][A-Za-z]+)*|\b(?:InProgress|WrittenOff|Resubmitted|CorrectedClaimSent|MedicalNecessity|MissingInformation|TimelyFiling)\b|\(Parameter '")]
    private static partial Regex Developer();
}
