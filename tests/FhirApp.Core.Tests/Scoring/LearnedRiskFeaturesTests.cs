using FhirApp.Core.Claims;
using FhirApp.Core.Scoring;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Learned;
using FhirApp.Core.Tests.Learning;

namespace FhirApp.Core.Tests.Scoring;

/// <summary>
/// The risk model's learned-rule and generic history features, on small histories built by hand with a payer
/// and codes of the test's own: the rule book mined from the scoring claims, the rules a new claim matches, the generic
/// per-payer rates, and the filing limit taken from the book.
/// </summary>
public sealed class LearnedRiskFeaturesTests
{
    private static readonly RuleBook Shipped = RuleBookLoader.Load();
    private static readonly DateOnly Start = new(2026, 1, 5);

    private static List<ScoringClaim> Read(HistoryBuilder history) =>
        [.. PatientRecordGrouper.Group(history.Resources).SelectMany(record => ScoringClaimFactory.FromRecord(record, Shipped))];

    /// <summary>A payer that denies 93015 without a referring provider and pays it with one; 99203 is always paid.</summary>
    private static HistoryBuilder ReferringHistory()
    {
        var history = new HistoryBuilder("org-test-quarry", "Quarry Test Plan");
        for (var i = 0; i < 14; i++)
        {
            history.Claim(Start.AddDays(i * 15), [new TestLine("93015", Denial: "CO-16/N286")]);
            history.Claim(Start.AddDays(2 + (i * 15)), [new TestLine("93015")], referring: true);
            history.Claim(Start.AddDays(4 + (i * 15)), [new TestLine("99203")], referring: i % 2 == 0);
        }

        return history;
    }

    [Fact]
    public void GivenAPayerThatDeniesACodeWithoutAReferringProvider_WhenStatsAreMinedFromTheScoringClaims_ThenANewClaimWithoutOneMatchesTheLearnedRule()
    {
        var history = ReferringHistory();
        var without = history.Claim(new DateOnly(2026, 9, 1), [new TestLine("93015")], adjudicated: false);
        var with = history.Claim(new DateOnly(2026, 9, 2), [new TestLine("93015")], referring: true, adjudicated: false);
        var claims = Read(history);

        var stats = HistoryStats.From(claims.Where(c => c.Label is not null).ToList(), mine: true);

        claims.Where(c => c.Label is not null).ShouldAllBe(c => c.Mined != null && c.Learned != null);
        var rule = stats.Rules.Book.Rules.ShouldHaveSingleItem();
        rule.Shape.ShouldBe(LearnedShape.ReferringRequired);
        var unreferred = claims.Single(c => c.ClaimId == without);
        var referred = claims.Single(c => c.ClaimId == with);
        stats.Rules.Best(unreferred, LearnedShape.ReferringRequired).ShouldBe(rule);
        stats.Rules.Confidence(unreferred, LearnedShape.ReferringRequired).ShouldBe(rule.SmoothedRate);
        stats.Rules.Best(unreferred, Core.Denials.DenialCategory.MissingInformation).ShouldBe(rule, "CO-16 is a missing-information reason");
        stats.Rules.Best(referred).ShouldBeNull();

        // The generic signal says the same without the book: 93015 without a referring provider at this payer.
        var denied = stats.Count($"pc-ref|org-test-quarry|93015|0");
        var paid = stats.Count($"pc-ref|org-test-quarry|93015|1");
        denied.ShouldBe((14, 14));
        paid.ShouldBe((14, 0));
        stats.Max(HistoryStats.LineKeys(unreferred, "pc-ref")).Rate.ShouldBeGreaterThan(0.7);
        stats.Max(HistoryStats.LineKeys(referred, "pc-ref")).Rate.ShouldBeLessThan(0.15);
    }

    [Fact]
    public void GivenStatsWithoutMining_WhenAClaimIsRead_ThenNoLearnedRuleMatchesAndTheLearnedFeaturesAreZero()
    {
        var history = ReferringHistory();
        var claims = Read(history);

        var stats = HistoryStats.From(claims, mine: false);

        stats.Rules.Book.IsEmpty.ShouldBeTrue();
        var vector = DenialFeatures.Vector(claims[0], stats);
        var learned = DenialFeatures.Names.Select((name, i) => (name, i)).Where(x => x.name.StartsWith("learned_", StringComparison.Ordinal)).ToList();
        learned.Count.ShouldBe(Enum.GetValues<LearnedShape>().Length + Enum.GetValues<Core.Denials.DenialCategory>().Length);
        learned.ShouldAllBe(x => vector[x.i] == 0);
    }

    [Fact]
    public void GivenAPayerThatDeniesARepeatWithinAMonth_WhenCounted_ThenTheDaysSinceStepsSeparateRepeatsFromFirstVisits()
    {
        // One patient per pair: a first 97110, then the same code 10 days later (denied) or 50 days later (paid).
        var history = new HistoryBuilder("org-test-ledge", "Ledge Test Plan");
        for (var i = 0; i < 12; i++)
        {
            var patient = $"p-rep-{i}";
            var first = Start.AddDays(i * 20);
            history.Claim(first, [new TestLine("97110")], patient: patient);
            history.Claim(first.AddDays(i % 2 == 0 ? 10 : 50), [new TestLine("97110", Denial: i % 2 == 0 ? "CO-119" : null)], patient: patient);
        }

        var stats = HistoryStats.From(Read(history));

        stats.Count("pc-since|org-test-ledge|97110|7").ShouldBe((6, 6));
        stats.Count("pc-since|org-test-ledge|97110|30").ShouldBe((6, 0));
        stats.Count("pc-since|org-test-ledge|97110|none").ShouldBe((12, 0));
    }

    [Theory]
    [InlineData(null, "none")]
    [InlineData(0, "0")]
    [InlineData(6, "0")]
    [InlineData(7, "7")]
    [InlineData(29, "14")]
    [InlineData(89, "60")]
    [InlineData(400, "365")]
    public void GivenDaysSinceThePreviousSameCode_WhenStepped_ThenTheStepIsTheLowerBoundOfItsRange(int? days, string step) =>
        HistoryStats.SinceStep(days).ShouldBe(step);

    [Theory]
    [InlineData("K21", "category")]
    [InlineData("M5419", "unspecified")]
    [InlineData("M5416", "specific")]
    public void GivenADiagnosis_WhenItsSpecificityIsRead_ThenCategoriesAndFinalNinesAreNotSpecific(string diagnosis, string specificity) =>
        HistoryStats.Specificity([diagnosis]).ShouldBe(specificity);

    [Fact]
    public void GivenALearnedFilingLimitRule_WhenTheFilingLimitIsAsked_ThenTheRulesLongestPaidLagWinsOverTheLagSteps()
    {
        var stats = new HistoryStats(
            new Dictionary<string, (int Claims, int Denied)>(StringComparer.Ordinal)
            {
                // Lag steps that would put the limit at 60 days (half of the claims from 60 days on denied for timely filing).
                [HistoryStats.PayerLagKey("org-test-ridge", 60)] = (4, 2),
            },
            new LearnedRuleBook
            {
                Rules =
                [
                    new LearnedRule
                    {
                        Id = "filing-limit|org-test-ridge", PayerId = "org-test-ridge", PayerName = "Ridge Test Plan", Shape = LearnedShape.FilingLimit,
                        Parameters = new LearnedRuleParameters { Days = 90, DaysDenied = 95 }, Unit = "claims", Support = 9, Adjudications = 9, Denied = 9,
                        DenialRate = 1, SmoothedRate = 0.8, BaseRate = 0.2, Lift = 5, LowerBound = 0.7, Carcs = ["CO-29"],
                        FirstSeen = Start, LastSeen = Start.AddDays(200), Severity = FindingSeverity.Hold, Evidence = "Ridge Test Plan denied 9 of 9 claims submitted more than 90 days after the date of service.",
                    },
                ],
            });

        stats.LearnedFilingLimit("org-test-ridge").ShouldBe(90);
        new HistoryStats(new Dictionary<string, (int Claims, int Denied)>(StringComparer.Ordinal) { [HistoryStats.PayerLagKey("org-test-ridge", 60)] = (4, 2) })
            .LearnedFilingLimit("org-test-ridge").ShouldBe(60, "without a book, the lag steps");
    }
}
