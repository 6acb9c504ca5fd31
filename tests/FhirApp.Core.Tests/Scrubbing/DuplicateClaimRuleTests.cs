using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Rules;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Tests.Scrubbing;

public sealed class DuplicateClaimRuleTests
{
    private static readonly DateOnly Dos = ClaimLevelRuleClaims.Dos;

    [Theory]
    [InlineData("same day, created earlier", true)]
    [InlineData("same day, created later", false)] // that claim is the duplicate, not this one
    [InlineData("same day, same created, lower id", true)]
    [InlineData("modifiers in another order", true)]
    [InlineData("another modifier", false)]
    [InlineData("another code", false)]
    [InlineData("another rendering provider", false)]
    [InlineData("day before", false)]
    [InlineData("earlier claim with a line on this date", true)]
    [InlineData("this claim is a replacement (7)", false)]
    [InlineData("this claim is a void (8)", false)]
    [InlineData("other claim is a void (8)", false)]
    [InlineData("other claim entered in error", false)]
    public void GivenAnotherClaimOfThePatient_WhenEvaluated_ThenHoldsOnlyAnExactDuplicate(string scenario, bool fires)
    {
        var claim = new ClaimLevelRuleClaims().Line("20610", 1, "11", "RT", "25");
        var created = Dos.AddDays(1);
        Claim other = scenario switch
        {
            "same day, created later" => claim.OtherClaim("claim-a", Dos, created.AddDays(1), "20610", "RT", "25"),
            "same day, same created, lower id" => claim.OtherClaim("claim-a", Dos, created, "20610", "RT", "25"),
            "modifiers in another order" => claim.OtherClaim("claim-a", Dos, Dos, "20610", "25", "RT"),
            "another modifier" => claim.OtherClaim("claim-a", Dos, Dos, "20610", "LT", "25"),
            "another code" => claim.OtherClaim("claim-a", Dos, Dos, "20605", "RT", "25"),
            "day before" => claim.OtherClaim("claim-a", Dos.AddDays(-1), Dos, "20610", "RT", "25"),
            "earlier claim with a line on this date" => claim.OtherClaim("claim-a", Dos.AddDays(-1), Dos, "99213"),
            _ => claim.OtherClaim("claim-a", Dos, Dos, "20610", "RT", "25"),
        };
        switch (scenario)
        {
            case "another rendering provider":
                claim.Add(new Practitioner { Id = "pr-other", Identifier = [new Identifier(ClaimLevelRuleClaims.NpiSystem, "1560938270")] });
                other.CareTeam[0].Provider = new ResourceReference("Practitioner/pr-other");
                break;
            case "earlier claim with a line on this date":
                var line = (Claim.ItemComponent)other.Item[0].DeepCopy();
                line.Sequence = 2;
                line.ProductOrService = new CodeableConcept("http://www.ama-assn.org/go/cpt", "20610");
                line.Modifier = [new CodeableConcept(null, "RT"), new CodeableConcept(null, "25")];
                line.Serviced = new Date(Dos.ToString("yyyy-MM-dd", null));
                other.Item.Add(line);
                break;
            case "this claim is a replacement (7)": claim.Frequency("7"); break;
            case "this claim is a void (8)": claim.Frequency("8"); break;
            case "other claim is a void (8)": claim.Frequency(other, "8"); break;
            case "other claim entered in error": other.Status = FinancialResourceStatusCodes.EnteredInError; break;
            default: break;
        }

        var findings = claim.Run<DuplicateClaimRule>();

        findings.Count.ShouldBe(fires ? 1 : 0, scenario);
        findings.ShouldAllBe(f => f.RuleId == "duplicate.already-billed" && f.Severity == FindingSeverity.Hold && f.PredictedCarc == "OA-18"
            && f.LineSequence == 1 && f.Trigger.Contains("already billed on Claim/claim-a"));
    }
}
