using FhirApp.Core.Claims;
using FhirApp.Core.Learning;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Learned;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Time.Testing;

namespace FhirApp.Core.Tests.Learning;

/// <summary>Findings from learned rules, in the shape of every finding; conservative defaults; drift of shipped holds.</summary>
public sealed class LearnedRuleFindingTests
{
    private static readonly RuleBook Shipped = RuleBookLoader.Load();
    private static readonly DateOnly Start = new(2026, 1, 5);
    private static readonly DateOnly Today = new(2026, 12, 1);

    private static HistoryBuilder History(string payerId = "org-test-granite", string payerName = "Granite Test Plan", int visits = 30)
    {
        var history = new HistoryBuilder(payerId, payerName);
        for (var i = 0; i < visits; i++)
        {
            history.Claim(Start.AddDays(i * 9), [new TestLine("99203")], referring: i % 2 == 0);
        }

        return history;
    }

    /// <summary>Scrubs one claim of the resources on <paramref name="day"/>, with the book (or none).</summary>
    private static ScrubResult Scrub(IReadOnlyList<Resource> resources, string claimId, LearnedRuleBook? book, DateOnly? day = null)
    {
        var context = PatientRecordGrouper.Group(resources).SelectMany(r => new ClaimContextBuilder().Build(r)).Single(c => c.Claim?.Id == claimId);
        var clock = new FakeTimeProvider(new DateTimeOffset((day ?? Today).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));
        return new ClaimScrubber(Shipped, ScrubRules.All, clock, book).Scrub(context);
    }

    private static List<string> Summary(ScrubResult result) =>
        [.. result.Findings.Select(f => $"{f.RuleId}|{f.Severity}|{f.PredictedCarc}|{f.LineSequence}|{f.Message}|{f.Source}|{string.Join(";", f.Trigger)}")];

    [Fact]
    public void GivenALearnedReferringRule_WhenAClaimWithoutAReferringProviderIsScrubbed_ThenTheFindingHasTheSharedShape()
    {
        var history = History();
        for (var i = 0; i < 12; i++)
        {
            history.Claim(Start.AddDays(10 + (i * 20)), [new TestLine("93015", Denial: "CO-16/N286")]);
            history.Claim(Start.AddDays(12 + (i * 20)), [new TestLine("93015")], referring: true);
        }

        var book = RuleMiner.Mine(history.Resources, Today);
        var claimId = history.Claim(Today.AddDays(-3), [new TestLine("93015")], adjudicated: false);

        var finding = Scrub(history.Resources, claimId, book).Findings.Single(f => f.RuleId.StartsWith("learned.", StringComparison.Ordinal));

        var rule = book.Rules.ShouldHaveSingleItem();
        finding.RuleId.ShouldBe("learned.referring-required");
        finding.Category.ShouldBe(FindingCategory.MissingInformation);
        finding.Severity.ShouldBe(FindingSeverity.Hold);
        finding.PredictedCarc.ShouldBe("CO-16");
        finding.LineSequence.ShouldBe(1);
        finding.Message.ShouldStartWith("Granite Test Plan denied 12 of 12 lines of 93015 billed without a referring or ordering provider (CO-16 N286).");
        finding.Source.ShouldBe(new SourceCitation("Learned from this practice's remittances, Granite Test Plan", book.Version,
            $"learned from 12 adjudications, {Start.AddDays(10):yyyy-MM-dd} to {Start.AddDays(230):yyyy-MM-dd}"));
        finding.Trigger.ShouldBe(["line 1 = 93015", "referring / ordering provider = (none)", $"learned rule = {rule.Id}, denied 12 of 12 (100 %), lower bound 0.76"]);
    }

    [Fact]
    public void GivenNoBookOrAnEmptyOne_WhenScrubbed_ThenTheFindingsAreTodays()
    {
        var history = History();
        var claimId = history.Claim(Today.AddDays(-200), [new TestLine("70551")], adjudicated: false);

        var without = Summary(Scrub(history.Resources, claimId, null));

        without.ShouldNotBeEmpty();
        Summary(Scrub(history.Resources, claimId, LearnedRuleBook.Empty)).ShouldBe(without);
        Summary(Scrub(history.Resources, claimId, new LearnedRuleBook())).ShouldBe(without);
    }

    [Fact]
    public void GivenAShippedHoldForTheSameLineAndCause_WhenScrubbedWithALearnedRule_ThenOnlyTheShippedFindingShows()
    {
        var history = History();
        for (var i = 0; i < 8; i++)
        {
            history.Claim(Start.AddDays(10 + (i * 30)), [new TestLine("70551", Denial: "CO-16/N286")]);
        }

        var book = RuleMiner.Mine(history.Resources, Today);
        var claimId = history.Claim(Today.AddDays(-3), [new TestLine("70551")], adjudicated: false);

        var findings = Scrub(history.Resources, claimId, book).Findings.Where(f => f.Category == FindingCategory.MissingInformation && f.LineSequence == 1).ToList();

        findings.ShouldHaveSingleItem().RuleId.ShouldBe("missing.referring-provider");
        findings[0].Severity.ShouldBe(FindingSeverity.Hold);
    }

    [Fact]
    public void GivenAShippedHoldThePayerNeverEnforced_WhenScrubbedWithTheBook_ThenItIsAReviewThatSaysWhy()
    {
        var history = History();
        for (var i = 0; i < 12; i++)
        {
            history.Claim(Start.AddDays(10 + (i * 20)), [new TestLine("70551")]);
        }

        var book = RuleMiner.Mine(history.Resources, Today, shipped: Shipped);
        var claimId = history.Claim(Today.AddDays(-3), [new TestLine("70551")], adjudicated: false);

        var evidence = book.Payers.ShouldHaveSingleItem().ShippedRules.Single(r => r.RuleId == "missing.referring-provider");
        (evidence.Held, evidence.Denied, evidence.Enforced).ShouldBe((12, 0, false));
        Scrub(history.Resources, claimId, null).Findings.Single(f => f.RuleId == "missing.referring-provider").Severity.ShouldBe(FindingSeverity.Hold);
        var calibrated = Scrub(history.Resources, claimId, book).Findings.Single(f => f.RuleId == "missing.referring-provider");
        calibrated.Severity.ShouldBe(FindingSeverity.Review);
        calibrated.Message.ShouldEndWith("(A review, not a hold: Granite Test Plan paid 12 of the 12 claims this check would have held.)");
    }

    [Fact]
    public void GivenACalibrationCapBelowTheHistory_WhenMined_ThenTheShippedRulesAreJudgedOnADeterministicSample()
    {
        var history = History();
        for (var i = 0; i < 40; i++)
        {
            history.Claim(Start.AddDays(10 + (i * 6)), [new TestLine("70551")]);
        }

        var sampled = new MiningThresholds { MaxCalibrationClaims = 35 };
        Held(RuleMiner.Mine(history.Resources, Today, shipped: Shipped)).ShouldBe(40);
        var held = Held(RuleMiner.Mine(history.Resources, Today, sampled, Shipped));
        held.ShouldBeInRange(10, 30); // about half of the 70 claims are scrubbed
        Held(RuleMiner.Mine(history.Resources, Today, sampled, Shipped)).ShouldBe(held);

        static int Held(LearnedRuleBook book) => book.Payers.Single().ShippedRules.Single(r => r.RuleId == "missing.referring-provider").Held;
    }

    [Fact]
    public void GivenAPayerWithoutPolicyOrHistory_WhenAClaimIsPastNinetyDays_ThenAConservativeFilingReviewSaysSo()
    {
        var known = History();
        var book = RuleMiner.Mine(known.Resources, Today);
        var unknown = new HistoryBuilder("org-test-unknown", "Unknown Test Plan");
        var late = unknown.Claim(Today.AddDays(-120), [new TestLine("99203")], lagDays: 118, adjudicated: false);
        var recent = unknown.Claim(Today.AddDays(-20), [new TestLine("99203")], lagDays: 18, adjudicated: false);

        var finding = Scrub(unknown.Resources, late, book).Findings.Single(f => f.RuleId == "learned.default-filing");

        finding.Severity.ShouldBe(FindingSeverity.Review);
        finding.Category.ShouldBe(FindingCategory.TimelyFiling);
        finding.Message.ShouldBe("120 days have passed since the date of service, and no filing limit is known for Unknown Test Plan, and no adjudicated claim of it to learn from. Many payers allow 90 days or less: submit now and keep the acceptance report.");
        Scrub(unknown.Resources, recent, book).Findings.ShouldNotContain(f => f.RuleId == "learned.default-filing");
        Scrub(unknown.Resources, late, null).Findings.ShouldNotContain(f => f.RuleId.StartsWith("learned.", StringComparison.Ordinal));
    }

    [Fact]
    public void GivenAPayerThatPaidLateClaims_WhenNoLimitIsKnown_ThenTheDefaultWindowIsItsLongestPaidLag()
    {
        var history = History();
        history.Claim(Start.AddDays(3), [new TestLine("99203")], lagDays: 150);
        var book = RuleMiner.Mine(history.Resources, Today);
        var within = history.Claim(Today.AddDays(-140), [new TestLine("99203")], adjudicated: false);
        var beyond = history.Claim(Today.AddDays(-160), [new TestLine("99203")], adjudicated: false);

        Scrub(history.Resources, within, book).Findings.ShouldNotContain(f => f.RuleId == "learned.default-filing");
        Scrub(history.Resources, beyond, book).Findings.Single(f => f.RuleId == "learned.default-filing").Message
            .ShouldContain("none paid was submitted later than 150 days after the date of service");
    }

    [Fact]
    public void GivenOtherPayersRequireAuthForACode_WhenANewPayersClaimLacksOne_ThenAReviewSuggestsIt()
    {
        var rules = new[] { "org-a", "org-b" }.Select(payer => Rule(payer, LearnedShape.AuthRequired, new LearnedRuleParameters { Code = "64999" })).ToList();
        var book = new LearnedRuleBook
        {
            Payers = [Payer("org-a"), Payer("org-b"), Payer("org-test-new", claims: 4)],
            Rules = rules,
        }.WithVersion();
        var history = new HistoryBuilder("org-test-new", "New Test Plan");
        var claimId = history.Claim(Today.AddDays(-5), [new TestLine("64999")], adjudicated: false);

        var finding = Scrub(history.Resources, claimId, book).Findings.Single(f => f.RuleId == "learned.auth-required-default");

        finding.Severity.ShouldBe(FindingSeverity.Review);
        finding.Message.ShouldBe("2 other payers of this practice deny 64999 without a prior authorization (Payer org-a, Payer org-b); New Test Plan has no policy file and only 4 adjudicated claim(s) to learn from. Check whether New Test Plan needs it too.");
    }

    [Fact]
    public void GivenARuleThatStopped_WhenALaterClaimIsScrubbed_ThenItDoesNotFire()
    {
        var rule = Rule("org-test-granite", LearnedShape.NonCovered, new LearnedRuleParameters { Code = "64999" }) with { EffectiveTo = new DateOnly(2026, 6, 30) };
        var book = new LearnedRuleBook { Payers = [Payer("org-test-granite")], Rules = [rule] }.WithVersion();
        var history = new HistoryBuilder();
        var before = history.Claim(new DateOnly(2026, 6, 20), [new TestLine("64999")], adjudicated: false);
        var after = history.Claim(new DateOnly(2026, 7, 20), [new TestLine("64999")], adjudicated: false);

        Scrub(history.Resources, before, book, new DateOnly(2026, 6, 25)).Findings.ShouldContain(f => f.RuleId == "learned.non-covered");
        Scrub(history.Resources, after, book, new DateOnly(2026, 7, 25)).Findings.ShouldNotContain(f => f.RuleId == "learned.non-covered");
    }

    [Fact]
    public void GivenALearnedMemberIdFormat_WhenAnIdOutOfItIsScrubbed_ThenTheFindingNeverShowsTheId()
    {
        var rule = Rule("org-test-granite", LearnedShape.MemberIdFormat, new LearnedRuleParameters { Shapes = ["AAA999999999"], Pattern = "^(?:GRN[0-9]{9})$" }, claimLevel: true);
        var book = new LearnedRuleBook { Payers = [Payer("org-test-granite")], Rules = [rule] }.WithVersion();
        var history = new HistoryBuilder();
        var claimId = history.Claim(Today.AddDays(-3), [new TestLine("99203")], memberId: "GRN1234567", adjudicated: false);

        var finding = Scrub(history.Resources, claimId, book).Findings.Single(f => f.RuleId == "learned.member-id-format");

        finding.Category.ShouldBe(FindingCategory.Demographics);
        finding.Message.ShouldNotContain("GRN1234567");
        finding.Trigger.ShouldNotContain(t => t.Contains("GRN1234567", StringComparison.Ordinal));
        finding.Trigger[0].ShouldBe("member id = 10 characters, not in an accepted format");
    }

    internal static LearnedRule Rule(string payer, LearnedShape shape, LearnedRuleParameters parameters, bool claimLevel = false) => new()
    {
        Id = $"{shape}|{payer}",
        PayerId = payer,
        PayerName = "Payer " + payer,
        Shape = shape,
        Parameters = parameters,
        Unit = claimLevel ? "claims" : "lines",
        Support = 10,
        Adjudications = 10,
        Denied = 10,
        DenialRate = 1,
        SmoothedRate = 0.9,
        BaseRate = 0.1,
        Lift = 10,
        LowerBound = 0.72,
        Carcs = ["CO-197"],
        FirstSeen = new DateOnly(2026, 1, 1),
        LastSeen = new DateOnly(2026, 6, 1),
        Severity = FindingSeverity.Hold,
        Evidence = "test",
    };

    internal static LearnedPayer Payer(string id, int claims = 100) => new()
    {
        PayerId = id,
        PayerName = "Payer " + id,
        Claims = claims,
        Denied = 10,
        BaseRate = 0.1,
        FirstService = new DateOnly(2026, 1, 1),
        LastService = new DateOnly(2026, 6, 1),
        EnoughHistory = claims >= 30,
    };
}
