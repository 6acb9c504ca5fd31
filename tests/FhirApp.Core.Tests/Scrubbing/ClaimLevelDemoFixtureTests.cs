using FhirApp.Core.Claims;
using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Rules;
using Xunit.Abstractions;

namespace FhirApp.Core.Tests.Scrubbing;

/// <summary>
/// The claim-level rules over the fhir-fixtures demo practice with the shipped payer policies: the findings the
/// fixtures were built to show, nothing held on the claims the payers paid, and every finding citing its rule and source.
/// </summary>
public sealed class ClaimLevelDemoFixtureTests(ITestOutputHelper output)
{
    private static readonly IScrubRule[] ClaimLevelRules =
    [
        new CoverageEligibilityRule(), new InsurerMatchesCoverageRule(), new SubscriberIdRule(), new PatientDemographicsRule(),
        new PriorAuthorizationRule(), new DuplicateClaimRule(), new ReferringProviderRule(), new ProviderNpiRule(),
        new PlaceOfServiceRule(), new NoteDocumentationRule(),
    ];

    private static readonly Lazy<Dictionary<string, IReadOnlyList<ScrubFinding>>> Findings = new(ScrubDemo);

    public static TheoryData<string, string, FindingSeverity, string, int?, string> Expected => new()
    {
        { "claim-maria-20610", "auth.missing", FindingSeverity.Hold, "CO-197", 2, "Acme Health Plan provider manual (demo) v2026-01, section 5.2 prior authorization list: major joint injections" },
        { "claim-maria-followup", "auth.number-missing", FindingSeverity.Hold, "CO-197", 2, "Acme Health Plan provider manual (demo) v2026-01, section 5.2 prior authorization list: major joint injections" },
        { "claim-robert-coverage-ended", "eligibility.coverage-ended", FindingSeverity.Hold, "PR-27", null, "FHIR R4 Coverage v4.0.1, Coverage.period, start and end dates inclusive" },
        { "claim-james-90837", "documentation.session-times", FindingSeverity.Hold, "CO-50", 1, "BluePeak Blue Cross provider manual (demo) v2026-01, section 9.4 behavioral health documentation: session start and stop times" },
        { "claim-robert-arthroscopy", "documentation.distinct-service", FindingSeverity.Review, "CO-236", 2, "CMS NCCI Policy Manual for Medicare Services v2026, chapter I, section E (modifiers and modifier indicators), modifiers 59 and XE/XS: a different site, lesion, incision or session documented" },
        { "claim-maria-initial-visit", "missing.referring-provider", FindingSeverity.Review, "CO-16", 2, "X12 837P v005010X222A1, loops 2310A / 2420E-F referring and ordering provider, required when the service was ordered or referred" },
        { "claim-robert-coverage-ended", "missing.referring-provider", FindingSeverity.Review, "CO-16", 2, "X12 837P v005010X222A1, loops 2310A / 2420E-F referring and ordering provider, required when the service was ordered or referred" },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public void GivenDemoFixtures_WhenScrubbedByClaimLevelRules_ThenTheDesignedFindingIsThere(
        string claimId, string ruleId, FindingSeverity severity, string carc, int? line, string source)
    {
        var finding = Findings.Value[claimId].Where(f => f.RuleId == ruleId).ShouldHaveSingleItem();

        finding.Severity.ShouldBe(severity);
        finding.PredictedCarc.ShouldBe(carc);
        finding.LineSequence.ShouldBe(line);
        finding.Source.ToString().ShouldBe(source);
    }

    [Fact]
    public void GivenDemoFixtures_WhenScrubbed_ThenTheMissingTimesMessageNamesTheDateAndTheCode()
    {
        Findings.Value["claim-james-90837"].Single(f => f.RuleId == "documentation.session-times").Message
            .ShouldStartWith("The note for 2026-03-03 does not state the session's start and end times required for 90837.");
    }

    [Fact]
    public void GivenDemoFixtures_WhenScrubbed_ThenNoOtherFindingsThanTheDesignedOnes()
    {
        var expected = Expected.Select(row => ((string)row[0], (string)row[1])).ToHashSet();
        var all = Findings.Value.SelectMany(kv => kv.Value.Select(f => (Claim: kv.Key, Finding: f))).ToList();
        foreach (var (claim, f) in all)
        {
            output.WriteLine($"{claim} {f.RuleId} {f.Severity} {f.PredictedCarc} line {f.LineSequence}: {f.Message} [{f.Source}] {{{string.Join("; ", f.Trigger)}}}");
        }

        all.Where(x => !expected.Contains((x.Claim, x.Finding.RuleId))).Select(x => $"{x.Claim}: {x.Finding.RuleId}").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("claim-maria-initial-visit")]
    [InlineData("claim-james-90834")]
    [InlineData("claim-linda-anesthesia")]
    public void GivenPaidDemoClaim_WhenScrubbed_ThenNothingIsHeld(string claimId)
    {
        Findings.Value[claimId].Where(f => f.Severity == FindingSeverity.Hold).ShouldBeEmpty();
    }

    [Fact]
    public void GivenDemoFixtures_WhenScrubbed_ThenEveryFindingNamesItsRuleSourceAndTrigger()
    {
        var all = Findings.Value.Values.SelectMany(f => f).ToList();

        all.ShouldNotBeEmpty();
        all.ShouldAllBe(f => f.RuleId.Contains('.') && f.Source.Document.Length > 0 && f.Source.Version.Length > 0 && f.Message.Length > 0 && f.Trigger.Count > 0);
    }

    [Fact]
    public void GivenDemoFixtures_WhenScrubbed_ThenNoMessageCarriesPatientNamesBirthDatesOrIds()
    {
        var record = FhirFixtures.DemoRecord();
        var phi = record.OfType<Hl7.Fhir.Model.Patient>()
            .SelectMany(p => p.Name.SelectMany(n => n.Given.Append(n.Family)).Append(p.BirthDate).Append(p.Id).Concat(p.Identifier.Select(i => i.Value)))
            .Concat(record.OfType<Hl7.Fhir.Model.Coverage>().Select(c => c.SubscriberId))
            .OfType<string>()
            .ToList();

        foreach (var finding in Findings.Value.Values.SelectMany(f => f))
        {
            phi.ShouldNotContain(value => finding.Message.Contains(value, StringComparison.OrdinalIgnoreCase));
        }
    }

    private static Dictionary<string, IReadOnlyList<ScrubFinding>> ScrubDemo()
    {
        var rules = RuleBookLoader.Load();
        var record = PatientRecord.Create(FhirResourceReader.ReadDirectory(FhirFixtures.DemoDirectory).Resources);
        var results = new Dictionary<string, IReadOnlyList<ScrubFinding>>(StringComparer.Ordinal);
        foreach (var context in new ClaimContextBuilder().Build(record))
        {
            var facts = ClaimFacts.From(context);
            var payer = rules.PayerFor(facts.Payer);
            var policy = facts.ServiceDate is { } dos ? payer?.For(dos) : null;
            var input = new ScrubInput(context, facts, payer, policy, rules.Codes, new DateOnly(2026, 4, 20));
            results[facts.ClaimId] = [.. ClaimLevelRules.SelectMany(r => r.Evaluate(input))];
        }
        return results;
    }
}
