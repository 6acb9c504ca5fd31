using FhirApp.Core.Claims;
using FhirApp.Core.Data;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Queue;

namespace FhirApp.Core.Tests.Scrubbing.Queue;

public sealed class PreSubmitWorklistTests
{
    private static ClaimDetail Claim(string id, decimal billed, string payer = "Acme", string provider = "Dr A", string outcome = ClaimOutcomes.Pending, string status = "active") => new()
    {
        Summary = new ClaimSummary
        {
            Id = id,
            ResourceType = "Claim",
            Status = status,
            PatientId = "p-" + id,
            PayerName = payer,
            BilledAmount = billed,
            Outcome = outcome,
        },
        RenderingProvider = new ProviderSummary(provider, null, null),
    };

    private static ScrubFinding Finding(string rule, FindingSeverity severity) => new()
    {
        RuleId = rule,
        Category = FindingCategory.MissingInformation,
        Severity = severity,
        Message = rule + " message",
        Source = new SourceCitation("doc", "1"),
    };

    private static ScrubResult Scrub(string claimId, int? filingDaysLeft, params ScrubFinding[] findings) =>
        new(claimId, findings) { PayerId = "org-acme", FilingDaysLeft = filingDaysLeft };

    private static Dictionary<string, ScrubResult> Results(params ScrubResult[] results) => results.ToDictionary(r => r.ClaimId);

    [Fact]
    public void GivenClaimsOfEverySeverity_WhenBuilt_ThenHoldFirstThenReviewThenDollarsDescendingThenFewestFilingDaysLeft()
    {
        ClaimDetail[] claims = [Claim("clean", 900), Claim("review-small", 100), Claim("hold-small", 50), Claim("review-big-late", 500),
            Claim("review-big-soon", 500), Claim("info", 2000), Claim("hold-big", 800)];
        var scrubbed = Results(
            Scrub("clean", 80),
            Scrub("review-small", 10, Finding("r1", FindingSeverity.Review)),
            Scrub("hold-small", 60, Finding("h1", FindingSeverity.Hold), Finding("r1", FindingSeverity.Review)),
            Scrub("review-big-late", 40, Finding("r1", FindingSeverity.Review)),
            Scrub("review-big-soon", 5, Finding("r2", FindingSeverity.Review)),
            Scrub("info", null, Finding("i1", FindingSeverity.Info)),
            Scrub("hold-big", 70, Finding("h1", FindingSeverity.Hold)));

        var rows = PreSubmitWorklist.Build(claims, scrubbed, DecisionSet.None);

        rows.Select(r => r.ClaimId).ShouldBe(["hold-big", "hold-small", "review-big-soon", "review-big-late", "review-small", "info", "clean"]);
        var holdSmall = rows.Single(r => r.ClaimId == "hold-small");
        (holdSmall.WorstSeverity, holdSmall.Holds, holdSmall.Reviews, holdSmall.TopRuleId, holdSmall.TopMessage, holdSmall.FilingDaysLeft)
            .ShouldBe((FindingSeverity.Hold, 1, 1, "h1", "h1 message", 60));
        rows.Single(r => r.ClaimId == "clean").WorstSeverity.ShouldBeNull();
    }

    [Theory]
    [InlineData(ClaimOutcomes.Pending, "active", true)]
    [InlineData(ClaimOutcomes.Pending, "draft", true)]
    [InlineData(ClaimOutcomes.Error, "active", true)]
    [InlineData(ClaimOutcomes.Queued, "active", false)]
    [InlineData(ClaimOutcomes.Paid, "active", false)]
    [InlineData(ClaimOutcomes.PartiallyDenied, "active", false)]
    [InlineData(ClaimOutcomes.Denied, "active", false)]
    [InlineData(ClaimOutcomes.Pending, "cancelled", false)]
    [InlineData(ClaimOutcomes.Pending, "entered-in-error", false)]
    public void GivenAClaimOutcomeAndStatus_WhenBuilt_ThenOnlyNotYetAdjudicatedLiveClaimsAreQueued(string outcome, string status, bool queued)
    {
        var rows = PreSubmitWorklist.Build([Claim("c", 100, outcome: outcome, status: status)], Results(), DecisionSet.None);

        rows.Count.ShouldBe(queued ? 1 : 0);
    }

    [Fact]
    public void GivenAnOverriddenHoldAndARuleTurnedOffForThePayer_WhenBuilt_ThenNeitherCountsAndTheClaimSortsByWhatIsLeft()
    {
        ClaimDetail[] claims = [Claim("overridden", 1000), Claim("switched-off", 900), Claim("review", 10)];
        var scrubbed = Results(
            Scrub("overridden", null, Finding("h1", FindingSeverity.Hold), Finding("i1", FindingSeverity.Info)),
            Scrub("switched-off", null, Finding("h2", FindingSeverity.Hold)),
            Scrub("review", null, Finding("r1", FindingSeverity.Review)));
        var decisions = new DecisionSet(
            new Dictionary<(string, string, int), FindingOverride>
            {
                [("overridden", "h1", 0)] = new() { Tenant = "t", ClaimId = "overridden", RuleId = "h1", Reason = "fixed", DecidedBy = "u" },
            },
            new HashSet<(string, string)> { ("org-acme", "h2") });

        var rows = PreSubmitWorklist.Build(claims, scrubbed, decisions);

        rows.Select(r => r.ClaimId).ShouldBe(["review", "overridden", "switched-off"]);
        var overridden = rows.Single(r => r.ClaimId == "overridden");
        (overridden.WorstSeverity, overridden.Holds, overridden.Infos, overridden.TopRuleId).ShouldBe((FindingSeverity.Info, 0, 1, "i1"));
        overridden.RuleIds.ShouldBe(["i1"]);
        rows.Single(r => r.ClaimId == "switched-off").WorstSeverity.ShouldBeNull();
    }

    [Fact]
    public void GivenFiltersByPayerProviderAndRule_WhenFiltered_ThenOnlyRowsMatchingAllRemainInOrder()
    {
        ClaimDetail[] claims = [Claim("a", 300, "Acme", "Dr A"), Claim("b", 200, "Acme", "Dr B"), Claim("c", 100, "BluePeak", "Dr A")];
        var scrubbed = Results(
            Scrub("a", null, Finding("auth.required", FindingSeverity.Hold)),
            Scrub("b", null, Finding("auth.required", FindingSeverity.Hold), Finding("filing.limit-near", FindingSeverity.Review)),
            Scrub("c", null, Finding("filing.limit-near", FindingSeverity.Review)));
        var rows = PreSubmitWorklist.Build(claims, scrubbed, DecisionSet.None);

        PreSubmitWorklist.Filter(rows, new QueueFilter(Payer: "Acme")).Select(r => r.ClaimId).ShouldBe(["a", "b"]);
        PreSubmitWorklist.Filter(rows, new QueueFilter(Provider: "Dr A")).Select(r => r.ClaimId).ShouldBe(["a", "c"]);
        PreSubmitWorklist.Filter(rows, new QueueFilter(RuleId: "filing.limit-near")).Select(r => r.ClaimId).ShouldBe(["b", "c"]);
        PreSubmitWorklist.Filter(rows, new QueueFilter("Acme", "Dr B", "auth.required")).Select(r => r.ClaimId).ShouldBe(["b"]);
        PreSubmitWorklist.Filter(rows, QueueFilter.None).Count.ShouldBe(3);
    }
}
