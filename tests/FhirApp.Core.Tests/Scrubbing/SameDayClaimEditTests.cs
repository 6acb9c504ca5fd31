using System.Globalization;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Rules;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Tests.Scrubbing;

/// <summary>
/// NCCI PTP and MUE (MAI 2 / 3) across the patient's claims: CMS applies both per beneficiary, rendering provider and date
/// of service. This claim is claim-test; claim-a is the other claim, billed the same day by the same provider unless the
/// scenario says otherwise. Starter tables: 29881 / 29877 modifier indicator 1, 20610 / 76942 indicator 0, MUE 20610 2
/// per day (MAI 2), 73562 2 per day (MAI 3), 76942 1 per line (MAI 1).
/// </summary>
public sealed class SameDayClaimEditTests
{
    private static readonly DateOnly Dos = ClaimLevelRuleClaims.Dos;

    [Theory]
    [InlineData("29881", "29877", "same provider", "modifiers.ncci-pair")] // column 2 on the other claim
    [InlineData("29877", "29881", "same provider", "modifiers.ncci-pair")] // column 2 on this claim
    [InlineData("29877-59", "29881", "same provider", "modifiers.ncci-bypassed")]
    [InlineData("29877-LT", "29881-RT", "same provider", "modifiers.ncci-bypassed")]
    [InlineData("20610", "76942", "same provider", "modifiers.ncci-not-allowed")]
    [InlineData("20610", "76942-59", "same provider", "modifiers.ncci-not-allowed")]
    [InlineData("99213", "29881", "same provider", "")] // not a pair
    [InlineData("29881", "29877", "day before", "")]
    [InlineData("29881", "29877", "day after", "")]
    [InlineData("29881", "29877", "another rendering provider", "")]
    [InlineData("29881", "29877", "other claim is a void (8)", "")]
    [InlineData("29881", "29877", "other claim cancelled", "")]
    [InlineData("29881", "29877", "other claim entered in error", "")]
    [InlineData("29881", "29877", "other claim replaced by a third claim", "")]
    [InlineData("29881", "29877", "other claim voided by a third claim", "")]
    [InlineData("29881", "29877", "other claim replaces this one", "")]
    [InlineData("29881", "29877", "this claim replaces the other", "")]
    [InlineData("29881", "29877", "other claim replaces a third claim", "modifiers.ncci-pair")]
    [InlineData("29881", "29877", "other claim replaced, by claim number", "")]
    [InlineData("29881", "29877", "this claim is a void (8)", "")]
    public void GivenPairSplitOverTwoClaims_WhenScrubbed_ThenTheEditFiresOnlyForTheSameDayProviderAndBilledClaims(
        string ours, string theirs, string scenario, string expected)
    {
        var claims = Scenario(scenario, [ours], theirs);

        string.Join(",", claims.Run<NcciPairRule>(codes: CodeRuleClaims.Starter).Select(f => f.RuleId)).ShouldBe(expected, scenario);
    }

    [Theory]
    [InlineData(new[] { "20610-RT" }, "20610-LT", "same provider", "")] // 1 + 1: at the limit
    [InlineData(new[] { "20610-RT x2" }, "20610-LT", "same provider", "units.mue-day")] // 2 + 1: limit + 1
    [InlineData(new[] { "20610-RT", "20610-50" }, "20610-LT", "same provider", "units.mue-day")] // lines of this claim count too
    [InlineData(new[] { "73562-RT" }, "73562-LT x2", "same provider", "units.mue-day")] // MAI 3: 1 + 2
    [InlineData(new[] { "73562-RT" }, "73562-LT", "same provider", "")] // MAI 3 at the limit
    [InlineData(new[] { "76942" }, "76942-59", "same provider", "")] // MAI 1 limits lines, not days
    [InlineData(new[] { "20610-RT x2" }, "20610-RT", "same provider", "")] // a repeat of this line is a duplicate, not more units
    [InlineData(new[] { "20610-RT x2" }, "20610-LT", "day before", "")]
    [InlineData(new[] { "20610-RT x2" }, "20610-LT", "another rendering provider", "")]
    [InlineData(new[] { "20610-RT x2" }, "20610-LT", "other claim is a void (8)", "")]
    [InlineData(new[] { "20610-RT x2" }, "20610-LT", "other claim entered in error", "")]
    [InlineData(new[] { "20610-RT x2" }, "20610-LT", "other claim replaced by a third claim", "")]
    [InlineData(new[] { "20610-RT x2" }, "20610-LT", "this claim replaces the other", "")]
    [InlineData(new[] { "20610-RT x2" }, "20610-LT", "other claim replaces a third claim", "units.mue-day")]
    public void GivenUnitsSplitOverTwoClaims_WhenScrubbed_ThenDailyLimitsSumTheSameDayProviderClaims(
        string[] ours, string theirs, string scenario, string expected)
    {
        var claims = Scenario(scenario, ours, theirs);

        string.Join(",", claims.Run<MueRule>(codes: CodeRuleClaims.Starter).Select(f => f.RuleId)).ShouldBe(expected, scenario);
    }

    [Fact]
    public void GivenColumnTwoOnAnotherClaim_WhenScrubbed_ThenHoldOnThisClaimsLineNamingTheOtherClaim()
    {
        var finding = Scenario("same provider", ["99213-25", "29881-RT"], "29877-RT").Run<NcciPairRule>(codes: CodeRuleClaims.Starter).ShouldHaveSingleItem();

        finding.Severity.ShouldBe(FindingSeverity.Hold);
        finding.LineSequence.ShouldBe(2);
        finding.Message.ShouldStartWith("29877 (Claim/claim-a line 1) is bundled into 29881 (line 2) on the same day by the same rendering provider, on two claims.");
        finding.Message.ShouldContain("Remove 29877 from Claim/claim-a with a replacement claim (frequency 7)");
        finding.Trigger.ShouldBe(["column 1: line 2 = 29881-RT, units 1, date 2026-10-02", "column 2 (Claim/claim-a): line 1 = 29877-RT, units 1, date 2026-10-02"]);
    }

    [Fact]
    public void GivenDailyUnitsOverTheLimitAcrossClaims_WhenScrubbed_ThenTheMessageAndTriggerNameTheOtherClaim()
    {
        var finding = Scenario("same provider", ["20610-RT x2"], "20610-LT").Run<MueRule>(codes: CodeRuleClaims.Starter).ShouldHaveSingleItem();

        finding.Message.ShouldStartWith("3 units of 20610 on 2026-10-02 (1 of them on Claim/claim-a, same rendering provider)");
        finding.Trigger.ShouldBe(["line 1 = 20610-RT, units 2, date 2026-10-02", "Claim/claim-a line 1 = 20610-LT, units 1, date 2026-10-02", "units = 3"]);
    }

    /// <summary>This claim with <paramref name="ours"/> ("code-mod xN"), the other claim with one line <paramref name="theirs"/>, then the scenario.</summary>
    private static ClaimLevelRuleClaims Scenario(string scenario, string[] ours, string theirs)
    {
        var claims = new ClaimLevelRuleClaims();
        foreach (var spec in ours)
        {
            var (code, modifiers, units) = Parse(spec);
            claims.Line(code, units, "11", modifiers);
        }
        var date = scenario switch
        {
            "day before" => Dos.AddDays(-1),
            "day after" => Dos.AddDays(1),
            _ => Dos,
        };
        var (otherCode, otherModifiers, otherUnits) = Parse(theirs);
        var other = claims.OtherClaim("claim-a", date, Dos, otherCode, otherModifiers);
        other.Item[0].Quantity = new Quantity { Value = otherUnits };
        other.Identifier = [new Identifier("https://practice.example/claim-number", "A-1")];
        switch (scenario)
        {
            case "another rendering provider":
                claims.Add(new Practitioner { Id = "pr-other", Identifier = [new Identifier(ClaimLevelRuleClaims.NpiSystem, "1560938270")] });
                other.CareTeam[0].Provider = new ResourceReference("Practitioner/pr-other");
                break;
            case "other claim is a void (8)": claims.Frequency(other, "8"); break;
            case "other claim cancelled": other.Status = FinancialResourceStatusCodes.Cancelled; break;
            case "other claim entered in error": other.Status = FinancialResourceStatusCodes.EnteredInError; break;
            case "other claim replaced by a third claim": Correct(claims, claims.OtherClaim("claim-b", Dos, Dos.AddDays(3), "99213"), "7", "Claim/claim-a"); break;
            case "other claim voided by a third claim": Correct(claims, claims.OtherClaim("claim-b", Dos, Dos.AddDays(3), "99213"), "8", "Claim/claim-a"); break;
            case "other claim replaces this one": Correct(claims, other, "7", "Claim/claim-test"); break;
            case "this claim replaces the other": Correct(claims, claims.Claim, "7", "Claim/claim-a"); break;
            case "other claim replaces a third claim": Correct(claims, other, "7", "Claim/claim-old"); break;
            case "other claim replaced, by claim number":
                var replacement = claims.OtherClaim("claim-b", Dos, Dos.AddDays(3), "99213");
                claims.Frequency(replacement, "7");
                replacement.Related.Add(new Claim.RelatedClaimComponent { Claim = new ResourceReference { Identifier = new Identifier(null, "A-1") } });
                break;
            case "this claim is a void (8)": claims.Frequency("8"); break;
            default: break;
        }
        return claims;
    }

    /// <summary>Makes <paramref name="correction"/> a replacement (7) or void (8) of the claim it names, as Claim.related "prior".</summary>
    private static void Correct(ClaimLevelRuleClaims claims, Claim correction, string frequency, string target)
    {
        claims.Frequency(correction, frequency);
        correction.Related.Add(new Claim.RelatedClaimComponent
        {
            Claim = new ResourceReference(target),
            Relationship = new CodeableConcept("http://terminology.hl7.org/CodeSystem/ex-relatedclaimrelationship", "prior"),
        });
    }

    private static (string Code, string[] Modifiers, decimal Units) Parse(string spec)
    {
        var parts = spec.Split(' ');
        var codeAndModifiers = parts[0].Split('-');
        var units = parts.Length > 1 ? decimal.Parse(parts[1].TrimStart('x'), CultureInfo.InvariantCulture) : 1m;
        return (codeAndModifiers[0], codeAndModifiers[1..], units);
    }
}
