using FhirApp.Core.Claims;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Rules;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Tests.Scrubbing;

/// <summary>Properties every finding of the code-level rules must have, whichever rule produced it.</summary>
public sealed class CodeRuleFindingTests
{
    private static readonly IScrubRule[] CodeRules =
    [
        new IcdCodeRule(), new DiagnosisPointerRule(), new ProcedureCodeRule(), new DiagnosisDemographicsRule(), new DiagnosisCoverageRule(),
        new NcciPairRule(), new Modifier25Rule(), new Modifier59OnEmRule(), new GlobalPeriodRule(), new AnesthesiaPhysicalStatusRule(),
        new LateralityRule(), new MueRule(),
    ];

    private static readonly PayerPolicyVersion Policy = new()
    {
        Version = "2026-01",
        Effective = new DateOnly(2026, 1, 1),
        Source = "Test payer manual",
        CoverageLists = [new CoverageList(["20610"], ["M17"], "policy MP-1")],
    };

    [Fact]
    public void GivenClaimsThatTripEveryCodeRule_WhenScrubbed_ThenEveryFindingNamesItsRuleSourceTriggerAndCarc()
    {
        var claims = new[]
        {
            CodeRuleClaims.With("M17.1,O80,S83.241A,17.11,R69", "99213-59 #1,2,3,4,5", "20610-RT-LT x3 #9", "76942 x2", "J0001", "2061", "W1234", "00840")
                .Patient("1950-01-01", AdministrativeGender.Male).Policy(Policy),
            CodeRuleClaims.With("F33.1", "99213", "27447", "29881", "29877-XS", "20610 #", "17110").Policy(Policy),
            CodeRuleClaims.With("M17.11", "99214").Earlier(new DateOnly(2026, 3, 1), "29881"),
            CodeRuleClaims.With("M17.11", "410620009").System("http://snomed.info/sct"),
        };

        var findings = claims.SelectMany(c => CodeRules.SelectMany(c.Run)).ToList();

        findings.Select(f => f.RuleId).Distinct().Order().ShouldBe(
        [
            "coding.cpt-format", "coding.dx-age", "coding.dx-not-covered", "coding.dx-pointer-invalid", "coding.dx-pointer-missing",
            "coding.dx-pointer-too-many", "coding.dx-sex", "coding.hcpcs-format", "coding.hcpcs-invalid", "coding.icd-format",
            "coding.icd-header", "coding.icd-unknown", "coding.procedure-system", "modifiers.25-missing", "modifiers.57-missing",
            "modifiers.59-on-em", "modifiers.anesthesia-status", "modifiers.global-period", "modifiers.laterality-conflict",
            "modifiers.ncci-bypassed", "modifiers.ncci-not-allowed", "modifiers.ncci-pair", "units.mue-day", "units.mue-line",
        ], ignoreOrder: true);
        foreach (var finding in findings)
        {
            finding.RuleId.ShouldMatch(@"^(coding|modifiers|units)\.[a-z0-9-]+$");
            finding.Source.Document.ShouldNotBeNullOrWhiteSpace(finding.RuleId);
            finding.Source.Version.ShouldNotBeNullOrWhiteSpace(finding.RuleId);
            finding.Source.Version.ShouldNotBe("none", finding.RuleId);
            finding.Message.ShouldNotBeNullOrWhiteSpace(finding.RuleId);
            (finding.PredictedCarc ?? "").ShouldMatch(@"^CO-\d+$", finding.RuleId);
            finding.Trigger.ShouldNotBeEmpty(finding.RuleId);
        }
    }

    [Fact]
    public void GivenDemoPractice_WhenCodeRulesRun_ThenOnlyTheKnownProblemsAreFound()
    {
        var book = RuleBookLoader.Load(CodeRuleClaims.ContentDirectory);
        var scrubber = new ClaimScrubber(book, CodeRules, TimeProvider.System);

        var findings = new ClaimContextBuilder().Build(FhirFixtures.DemoRecord())
            .Select(scrubber.Scrub)
            .SelectMany(r => r.Findings.Select(f => $"{r.ClaimId}: {f.RuleId} line {f.LineSequence}"))
            .Order(StringComparer.Ordinal)
            .ToList();

        findings.ShouldBe(
        [
            // 29877-59 with 29881: paid only through 59, and the op note shows the same compartment (the payer denied it CO-236).
            "claim-maria-followup: modifiers.25-missing line 1",
            "claim-robert-arthroscopy: modifiers.ncci-bypassed line 2",
            // 99214 on 2026-04-14 is inside 29881's 90-day global period (2026-01-20 to 2026-04-20) without 24.
            "claim-robert-coverage-ended: modifiers.global-period line 1",
        ]);
    }
}
