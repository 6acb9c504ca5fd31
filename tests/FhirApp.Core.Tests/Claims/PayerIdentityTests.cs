using FhirApp.Core.Claims;
using FhirApp.Core.Denials;
using FhirApp.Core.Eligibility;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Learned;
using FhirApp.Core.Tests.Learning;
using FhirApp.Core.Tests.Scrubbing;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Time.Testing;

namespace FhirApp.Core.Tests.Claims;

/// <summary>
/// Payer identity has one owner (<see cref="PayerDirectory"/>, built from the payer policy files): the scrubber, the
/// learned rules, eligibility routing, denial detection and the deadlines file one claim's payer under the same key,
/// by id, identifier or configured alias; payers whose names merely resemble each other stay apart.
/// </summary>
public sealed class PayerIdentityTests
{
    private static readonly DateOnly Today = ClaimLevelRuleClaims.Dos.AddDays(5);

    // Two payers whose names resemble each other: Summit (payer id SUM01, alias "Summit Health") and Summit West.
    private static readonly RuleBook Rules = RuleBookLoader.Load() with
    {
        Payers =
        [
            Policy("org-summit", "Summit Health", ["SUM01"], ["Summit Health"], filingDays: 90, appealDays: 45),
            Policy("org-summit-west", "Summit Health West", ["SUMW1"], [], filingDays: 365, appealDays: 120),
        ],
    };

    private static PayerPolicy Policy(string id, string name, string[] identifiers, string[] aliases, int filingDays, int appealDays) => new()
    {
        PayerId = id,
        Name = name,
        Identifiers = identifiers,
        Aliases = aliases,
        Versions =
        [
            new PayerPolicyVersion
            {
                Version = "2026-test",
                Effective = new DateOnly(2026, 1, 1),
                Source = name + " manual (test)",
                FilingLimitDays = filingDays,
                AppealWindows = new AppealWindows { Levels = [new AppealLevel("first-level appeal", appealDays, "section 9")] },
            },
        ],
    };

    /// <summary>A claim whose Organization has another EHR's id, Summit's payer id, and Summit West's name.</summary>
    private static ClaimContext SummitClaim()
    {
        var claims = new ClaimLevelRuleClaims().Line("99213");
        claims.Payer.Identifier = [new Identifier("https://ehr.example/payer-id", "SUM01")];
        claims.Payer.Name = "Summit Health West";
        return claims.Input().Context;
    }

    [Fact]
    public void GivenAClaimWhosePayerIdentifierIsConfigured_WhenEveryFeatureResolvesIt_ThenAllFileItUnderTheSameKeyAndPolicy()
    {
        var context = SummitClaim();
        var directory = Rules.Directory;
        var clock = new FakeTimeProvider(new DateTimeOffset(Today.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));

        // Scrubber: the key on the result, and the 90-day filing limit of Summit (not Summit West's 365).
        var scrub = new ClaimScrubber(Rules, ScrubRules.All, clock).Scrub(context);
        scrub.PayerId.ShouldBe("org-summit");
        scrub.FilingDaysLeft.ShouldBe(ClaimLevelRuleClaims.Dos.AddDays(90).DayNumber - Today.DayNumber);

        // Learned rules: the claim's features carry the key, and a rule mined under the payer id SUM01 is Summit's.
        var features = ClaimFeatureReader.Read(context, payers: directory).ShouldNotBeNull();
        features.PayerKey.ShouldBe("org-summit");
        var book = new LearnedRuleBook
        {
            Payers = [LearnedRuleFindingTests.Payer("SUM01"), LearnedRuleFindingTests.Payer("Summit Health West")],
            Rules =
            [
                LearnedRuleFindingTests.Rule("SUM01", LearnedShape.FilingLimit, new LearnedRuleParameters { Days = 80 }, claimLevel: true),
                LearnedRuleFindingTests.Rule("Summit Health West", LearnedShape.FilingLimit, new LearnedRuleParameters { Days = 300 }, claimLevel: true),
            ],
        }.WithVersion();
        var index = new LearnedRuleIndex(book, directory);
        index.RulesFor(features.PayerKey).ShouldHaveSingleItem().Parameters.Days.ShouldBe(80);
        index.PayerFor(features.PayerKey).ShouldNotBeNull().PayerId.ShouldBe("SUM01");

        // Eligibility: the route set up under Summit's key is found through the directory; a route keyed by a name is not.
        var settings = new EligibilitySettings
        {
            Payers = new(StringComparer.OrdinalIgnoreCase)
            {
                ["Summit Health West"] = new EligibilityPayerRoute { FhirEndpoint = "https://west.example/fhir" },
                ["org-summit"] = new EligibilityPayerRoute { ClearinghousePayerId = "SUMMIT" },
            },
        };
        EligibilityPayerMatch.Find(settings, PayerIdentity.Of(context), directory).ShouldNotBeNull().Key.ShouldBe("org-summit");

        // Denial detection: the remittance names the payer by its payer id (and Summit West's name), as an 835 does.
        var decided = ClaimLevelRuleClaims.Dos.AddDays(20);
        var eob = new ExplanationOfBenefit
        {
            Id = "eob-summit",
            Status = ExplanationOfBenefit.ExplanationOfBenefitStatus.Active,
            Use = ClaimUseCode.Claim,
            Outcome = ClaimProcessingCodes.Complete,
            Created = decided.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Claim = new ResourceReference("Claim/" + context.Claim!.Id),
            Insurer = new ResourceReference { Identifier = new Identifier("https://x12.example/payer-id", "SUM01"), Display = "Summit Health West" },
        };
        var facts = new DenialDetector(DenialCauseTable.Load(), directory).Detect(eob).Facts;
        facts.PayerId.ShouldBe("org-summit");

        // Deadlines: Summit's 45-day window, from the detected key, the identifier and the alias alike.
        var deadlines = new DenialDeadlines(Rules.Payers, clock);
        foreach (var key in new[] { facts.PayerId, "SUM01", "summit health" })
        {
            deadlines.For(key, decided, ClaimLevelRuleClaims.Dos, DenialRoute.Appeal).ShouldNotBeNull().Date.ShouldBe(decided.AddDays(45), key);
        }
    }

    [Theory]
    [InlineData("Summit Health Plan")]
    [InlineData("Summit")]
    [InlineData("Summit Health West")]
    [InlineData("Summit Health of Texas")]
    public void GivenAPayerNamedLikeAConfiguredOne_WhenItArrivesWithoutAnId_ThenItIsNotMergedIntoIt(string name)
    {
        var payer = new PayerIdentity(null, [], name);

        Rules.Directory.KeyOf(payer).ShouldBe(name);
        Rules.PayerFor(payer).ShouldBeNull();
        new DenialDeadlines(Rules.Payers, TimeProvider.System).WindowsFor(name, Today).ShouldBe(AppealWindows.Default);
        EligibilityPayerMatch.Find(new EligibilitySettings { Payers = new(StringComparer.OrdinalIgnoreCase) { ["org-summit"] = new() { FhirEndpoint = "https://s.example" } } }, payer, Rules.Directory)
            .ShouldBeNull();
    }

    [Fact]
    public void GivenAPayerWithOnlyAConfiguredAlias_WhenResolved_ThenTheAliasFilesItUnderThePayersKey()
    {
        Rules.Directory.KeyOf(new PayerIdentity(null, [], " SUMMIT HEALTH ")).ShouldBe("org-summit");
        Rules.PayerFor(new PayerIdentity(null, [], "Summit Health")).ShouldNotBeNull().PayerId.ShouldBe("org-summit");
    }

    [Fact]
    public void GivenTwoPayersClaimingTheSameAlias_WhenTheDirectoryIsBuilt_ThenItFailsNamingBoth()
    {
        var ex = Should.Throw<InvalidOperationException>(() => new PayerDirectory(
        [
            new PayerDirectory.Entry("org-a", [], ["Blue Plan"]),
            new PayerDirectory.Entry("org-b", [], ["blue plan"]),
        ]));

        ex.Message.ShouldContain("org-a");
        ex.Message.ShouldContain("org-b");
    }

    [Fact]
    public void GivenTheDemoPayerFiles_WhenTheirOrganizationsAndPayerIdsAreResolved_ThenEachIsItsOwnPolicy()
    {
        var shipped = RuleBookLoader.Load();
        foreach (var (id, payerId, name) in new[]
        {
            ("org-payer-acme", "ACME1", "Acme Health Plan"), ("org-payer-bluepeak", "BPBC1", "BluePeak Blue Cross"), ("org-payer-medicare", "02202", "Medicare Part B — Noridian JF"),
        })
        {
            shipped.PayerFor(new PayerIdentity(id, [], null)).ShouldNotBeNull().PayerId.ShouldBe(id);
            shipped.PayerFor(new PayerIdentity(null, [payerId], null)).ShouldNotBeNull().PayerId.ShouldBe(id);
            shipped.PayerFor(new PayerIdentity(null, [], name)).ShouldNotBeNull().PayerId.ShouldBe(id, "each demo file lists its own name as an alias");
            shipped.PayerFor(new PayerIdentity(null, [], name + " of Texas")).ShouldBeNull();
        }
    }
}
