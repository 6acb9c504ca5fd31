using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Rules;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Tests.Scrubbing;

public sealed class MissingInformationRuleTests
{
    [Theory]
    [InlineData("73721", "imaging")]
    [InlineData("70010", "imaging")] // first code of the range
    [InlineData("79999", "imaging")] // last
    [InlineData("69999", null)]
    [InlineData("80048", null)]
    [InlineData("97010", "therapy")]
    [InlineData("97799", "therapy")]
    [InlineData("97802", null)]
    [InlineData("E0114", "DME")]
    [InlineData("K0001", "DME")]
    [InlineData("L1832", "DME")]
    [InlineData("A4550", null)]
    [InlineData("99213", null)]
    public void GivenProcedureCode_WhenClassified_ThenOnlyImagingTherapyAndDmeNeedAnOrderingProvider(string code, string? kind)
    {
        ReferringProviderRule.KindOf(code).ShouldBe(kind);
    }

    [Theory]
    [InlineData(false, false, false, FindingSeverity.Hold)] // imaging alone, no orderer
    [InlineData(true, false, false, FindingSeverity.Review)] // with an E/M: the rendering provider likely ordered it
    [InlineData(true, true, false, FindingSeverity.Hold)] // the payer's policy demands it regardless
    [InlineData(false, false, true, null)] // referring provider present
    public void GivenImagingLine_WhenEvaluated_ThenHoldsOrReviewsAMissingOrderingProvider(bool withEm, bool payerClause, bool referring, FindingSeverity? expected)
    {
        var claim = new ClaimLevelRuleClaims();
        if (withEm)
        {
            claim.Line("99213");
        }
        claim.Line("73721");
        if (referring)
        {
            claim.Claim.CareTeam.Add(new Claim.CareTeamComponent
            {
                Sequence = 2,
                Provider = new ResourceReference("Practitioner/pr-render"),
                Role = new CodeableConcept("http://terminology.hl7.org/CodeSystem/claimcareteamrole", "referring"),
            });
        }

        var findings = claim.Run<ReferringProviderRule>(ClaimLevelRuleClaims.Policy(orderingProviderClause: payerClause ? "section 3 orders" : null));

        findings.Select(f => (FindingSeverity?)f.Severity).ShouldBe(expected is null ? [] : [expected]);
        findings.ShouldAllBe(f => f.RuleId == "missing.referring-provider" && f.PredictedCarc == "CO-16" && f.LineSequence == (withEm ? 2 : 1)
            && (payerClause ? f.Source.Clause == "section 3 orders" : f.Source.Document == "X12 837P"));
    }

    [Theory]
    [InlineData("1703849269", true)] // demo practice
    [InlineData("1847293051", true)]
    [InlineData("1234567893", true)] // CMS's worked example
    [InlineData("1234567890", false)] // check digit off by three
    [InlineData("1234567894", false)] // off by one
    [InlineData("123456789", false)] // nine digits
    [InlineData("12345678931", false)] // eleven
    [InlineData("12345678A3", false)]
    [InlineData(null, false)]
    public void GivenNpi_WhenChecked_ThenLuhnWithThe80840PrefixDecides(string? npi, bool valid)
    {
        NpiCheck.IsValid(npi).ShouldBe(valid);
    }

    [Theory]
    [InlineData("clean", null)]
    [InlineData("no rendering", "missing.rendering-provider")]
    [InlineData("rendering without NPI", "missing.rendering-npi")]
    [InlineData("rendering NPI mistyped", "missing.npi-invalid")]
    [InlineData("billing without NPI", "missing.billing-npi")]
    [InlineData("billing NPI mistyped", "missing.npi-invalid")]
    [InlineData("referring NPI mistyped", "missing.npi-invalid")]
    public void GivenClaimProviders_WhenEvaluated_ThenHoldsMissingOrInvalidNpis(string scenario, string? expected)
    {
        var claim = new ClaimLevelRuleClaims().Line("99213");
        switch (scenario)
        {
            case "no rendering": claim.Claim.CareTeam.Clear(); claim.Claim.Item[0].CareTeamSequence = []; break;
            case "rendering without NPI": claim.Rendering.Identifier.Clear(); break;
            case "rendering NPI mistyped": claim.Rendering.Identifier[0].Value = "1847293050"; break;
            case "billing without NPI": claim.Practice.Identifier.Clear(); break;
            case "billing NPI mistyped": claim.Practice.Identifier[0].Value = "1703849268"; break;
            case "referring NPI mistyped":
                claim.Add(new Practitioner { Id = "pr-ref", Identifier = [new Identifier(ClaimLevelRuleClaims.NpiSystem, "1111111111")] });
                claim.Claim.CareTeam.Add(new Claim.CareTeamComponent
                {
                    Sequence = 2,
                    Provider = new ResourceReference("Practitioner/pr-ref"),
                    Role = new CodeableConcept("http://terminology.hl7.org/CodeSystem/claimcareteamrole", "referring"),
                });
                break;
            default: break;
        }

        var findings = claim.Run<ProviderNpiRule>();

        findings.Select(f => f.RuleId).ShouldBe(expected is null ? [] : [expected], scenario);
        findings.ShouldAllBe(f => f.Severity == FindingSeverity.Hold && f.PredictedCarc == "CO-16" && f.Source.Document.Length > 0);
    }

    [Fact]
    public void GivenReferringProviderFirstInTheCareTeam_WhenEvaluated_ThenTheRenderingProviderIsStillFound()
    {
        var claim = new ClaimLevelRuleClaims().Line("99213")
            .Add(new Practitioner { Id = "pr-ref", Identifier = [new Identifier(ClaimLevelRuleClaims.NpiSystem, "1560938270")] });
        claim.Claim.CareTeam[0].Sequence = 2;
        claim.Claim.CareTeam.Insert(0, new Claim.CareTeamComponent
        {
            Sequence = 1,
            Provider = new ResourceReference("Practitioner/pr-ref"),
            Role = new CodeableConcept("http://terminology.hl7.org/CodeSystem/claimcareteamrole", "referring"),
        });
        claim.Rendering.Identifier[0].Value = "1847293050";

        // The mistyped NPI is the rendering provider's, though the referring provider comes first.
        claim.Run<ProviderNpiRule>().ShouldHaveSingleItem().Trigger.ShouldBe(["rendering NPI = 1847293050"]);
    }

    [Theory]
    [InlineData("11", false, null)] // empty table: only presence is checked
    [InlineData("99x", false, null)]
    [InlineData(null, false, "missing.place-of-service")]
    [InlineData("11", true, null)]
    [InlineData("22", true, null)]
    [InlineData("98", true, "missing.place-of-service-invalid")]
    [InlineData(null, true, "missing.place-of-service")]
    public void GivenPlaceOfService_WhenEvaluated_ThenPresentAndInTheCmsTableWhenThereIsOne(string? pos, bool withTable, string? expected)
    {
        var codes = withTable
            ? new CodeTables
            {
                PlacesOfService = new Dictionary<string, string> { ["11"] = "Office", ["22"] = "On Campus-Outpatient Hospital" },
                PlaceOfServiceSource = new SourceCitation("CMS Place of Service code set (test)", "2026-01"),
            }
            : new CodeTables();

        var findings = new ClaimLevelRuleClaims().Line("99213", 1, pos).Run<PlaceOfServiceRule>(codes: codes);

        findings.Select(f => f.RuleId).ShouldBe(expected is null ? [] : [expected]);
        findings.ShouldAllBe(f => f.Severity == FindingSeverity.Hold && f.LineSequence == 1
            && (f.RuleId != "missing.place-of-service-invalid" || f.Source.Document == "CMS Place of Service code set (test)"));
    }

    [Fact]
    public void GivenInstitutionalClaimWithoutPlaceOfService_WhenEvaluated_ThenNothing()
    {
        var claim = new ClaimLevelRuleClaims().Line("99213", 1, null);
        claim.Claim.Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/claim-type", "institutional");

        claim.Run<PlaceOfServiceRule>().ShouldBeEmpty();
    }
}
