using FhirApp.Core.Claims;
using FhirApp.Core.Denials;
using FhirApp.Core.Scoring;

namespace FhirApp.Core.Tests.Denials;

/// <summary>
/// One answer to "is this a denial, and of what kind": the claims screens (<see cref="DenialClassifier"/>), the denial
/// queue (<see cref="DenialDetector"/> over <see cref="DenialCauseTable"/>) and the model's labels (<see cref="ScoringCauses"/>)
/// agree for every reason the table lists and for the ones that never deny.
/// </summary>
public sealed class DenialClassificationAgreementTests
{
    private static readonly DenialCauseTable Table = DenialCauseTable.Load();
    private static readonly DenialDetector Detector = new(Table);

    public static TheoryData<string> Reasons()
    {
        var data = new TheoryData<string>();
        foreach (var carc in Table.Carcs.Order(StringComparer.Ordinal))
        {
            data.Add((DenialClassifier.ImpliedGroup(carc) ?? "CO") + "-" + carc);
        }
        foreach (var never in new[] { "CO-45", "CO-253", "PR-1", "PR-2", "PR-3" })
        {
            data.Add(never);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Reasons))]
    public void GivenAZeroPaidLineWithOneReason_WhenEachPlaceClassifiesIt_ThenTheyAgree(string reason)
    {
        DenialClassifier.TrySplitGroupAndCarc(reason, out var group, out var carc).ShouldBeTrue();
        var eob = DenialEobs.Eob("eob-agree", "org-payer-test", "2026-05-01", DenialEobs.Line(1, 100, 0, reason));

        var detected = Detector.Detect(eob).Denials.Where(d => d.Carc == carc).ToList();

        var denies = DenialClassifier.IsDenial(group, carc, isCarc: true, system: null);
        (detected.Count > 0).ShouldBe(denies, $"the queue and the claims screens disagree on whether {reason} denies");
        if (denies)
        {
            detected[0].Cause.Category.ShouldBe(ScoringCauses.Of(reason), $"the queue and the model's labels disagree on {reason}'s category");
            detected[0].Cause.Category.ShouldBe(Table.Classify(carc, []).Category);
        }
    }
}
