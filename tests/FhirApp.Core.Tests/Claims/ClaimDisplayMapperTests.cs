using FhirApp.Core.Claims;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Tests.Claims;

public sealed class ClaimDisplayMapperTests
{
    private static readonly Lazy<PatientRecord> Demo = new(() => FhirFixtures.DemoRecord(includeEdge: true));

    public static TheoryData<string, string, string[], string?> DemoOutcomes => new()
    {
        { "claim-maria-initial-visit", ClaimOutcomes.Paid, [], "ExplanationOfBenefit/eob-maria-initial-visit" },
        { "claim-maria-20610", ClaimOutcomes.PartiallyDenied, ["CO-197"], "ClaimResponse/cr-maria-20610" },
        { "claim-james-90834", ClaimOutcomes.Paid, [], "ClaimResponse/cr-james-90834" },
        { "claim-james-90837", ClaimOutcomes.Denied, ["CO-50"], "ExplanationOfBenefit/eob-james-90837" },
        { "claim-linda-anesthesia", ClaimOutcomes.Paid, [], "ExplanationOfBenefit/eob-linda-anesthesia" },
        { "claim-robert-arthroscopy", ClaimOutcomes.PartiallyDenied, ["CO-236"], "ClaimResponse/cr-robert-arthroscopy" },
        { "claim-robert-coverage-ended", ClaimOutcomes.Denied, ["PR-27"], "ExplanationOfBenefit/eob-robert-coverage-ended" },
        { "claim-robert-pending", ClaimOutcomes.Pending, [], null },
        { "claim-edge-unknown-elements", ClaimOutcomes.Pending, [], null },
    };

    [Theory]
    [MemberData(nameof(DemoOutcomes))]
    public void GivenDemoClaim_WhenSummarized_ThenOutcomeDenialCodesAndSourceMatchTheFixture(string claimId, string outcome, string[] denialCodes, string? source)
    {
        var summary = Summary(claimId);

        summary.Outcome.ShouldBe(outcome);
        summary.DenialReasonCodes.ShouldBe(denialCodes);
        summary.AdjudicationSource.ShouldBe(source);
    }

    [Fact]
    public void GivenMaria20610_WhenSummarized_ThenEveryColumnIsFilled()
    {
        var summary = Summary("claim-maria-20610");

        // Lists are compared by type too, hence List<string> below (the mapper's concrete type).
        summary.ShouldBeEquivalentTo(new ClaimSummary
        {
            Id = "claim-maria-20610",
            ResourceType = "Claim",
            Status = "active",
            PatientId = "p-maria-lopez",
            PatientName = "Maria Lopez",
            PayerName = "Acme Health Plan",
            ServiceDate = new DateOnly(2026, 2, 10),
            ProcedureCodes = new List<string> { "99213", "20610" },
            DiagnosisCodes = new List<string> { "M17.11" },
            BilledAmount = 400.00m,
            Currency = "USD",
            Outcome = ClaimOutcomes.PartiallyDenied,
            ClaimNumber = "RO-MARIA-20610",
            PayerClaimNumber = "CR-MARIA-20610",
            PaidAmount = 68.50m,
            ReasonCodes = new List<string> { "CO-197", "PR-3", "CO-45" },
            DenialReasonCodes = new List<string> { "CO-197" },
            ReasonText = "Prior authorization absent for this service",
            AdjudicationSource = "ClaimResponse/cr-maria-20610",
            AdjudicationDate = new DateOnly(2026, 2, 24),
        });
    }

    [Fact]
    public void GivenMaria20610_WhenDetailed_ThenLinesCarryModifiersPosPointersAndLineAdjudication()
    {
        var detail = Detail("claim-maria-20610");

        detail.Lines.Select(l => (l.Sequence, l.Code, string.Join(",", l.Modifiers), l.PlaceOfService, l.Charge, l.Units)).ShouldBe(
        [
            (1, "99213", "25", "11", 150.00m, 1m),
            (2, "20610", "RT", "11", 250.00m, 1m),
        ]);
        detail.Lines[1].CodeSystem.ShouldBe("http://www.ama-assn.org/go/cpt");
        detail.Lines[1].DiagnosisPointers.ShouldBe([1]);
        detail.Lines[1].DiagnosisCodes.ShouldBe(["M17.11"]);
        detail.Lines[1].Adjudication!.Denied.ShouldBeTrue();
        detail.Lines[1].AdjudicationText.ShouldBe("Denied: CO-197");
        detail.Lines[0].AdjudicationText.ShouldBe("Paid 68.50 (PR-3, CO-45)");
        detail.Diagnoses.ShouldBe([new ClaimDiagnosis(1, "M17.11", "http://hl7.org/fhir/sid/icd-10-cm", "Unilateral primary osteoarthritis, right knee")]);
    }

    [Fact]
    public void GivenMaria20610_WhenDetailed_ThenCoverageProvidersNotesAndAdjudicationsAreShown()
    {
        var detail = Detail("claim-maria-20610");

        detail.Coverage.ShouldBe(new CoverageSummary
        {
            Id = "cov-maria-acme",
            PayerName = "Acme Health Plan",
            SubscriberId = "ACM448812307",
            Plan = "Acme PPO 1500",
            PeriodStart = new DateOnly(2026, 1, 1),
            PeriodEnd = new DateOnly(2026, 12, 31),
            Status = "active",
        });
        detail.Coverage!.Period.ShouldBe("2026-01-01 – 2026-12-31");
        detail.RenderingProvider.ShouldBe(new ProviderSummary("Susan Patel MD", "1847293051", "Practitioner/pr-susan-patel"));
        detail.RenderingProvider!.ToString().ShouldBe("Susan Patel MD (NPI 1847293051)");
        detail.BillingProvider.ShouldBe(new ProviderSummary("Riverside Orthopedics & Specialty Care", "1703849269", "Organization/org-practice"));
        var note = detail.Notes.ShouldHaveSingleItem();
        (note.Id, note.Date, note.Type, note.Author, note.HasText).ShouldBe(("doc-maria-20610-note", new DateOnly(2026, 2, 10), "Progress note", "Susan Patel MD", true));
        detail.Adjudications.ShouldHaveSingleItem().Source.ShouldBe("ClaimResponse/cr-maria-20610");
    }

    [Fact]
    public void GivenLindaAnesthesia_WhenSummarized_ThenCoinsuranceAndWriteDownAreReasonsButNotDenials()
    {
        var detail = Detail("claim-linda-anesthesia");

        detail.Summary.Outcome.ShouldBe(ClaimOutcomes.Paid);
        detail.Summary.ReasonCodes.ShouldBe(["PR-1", "PR-2", "CO-45"]);
        detail.Summary.DenialReasonCodes.ShouldBeEmpty();
        detail.Summary.PaidAmount.ShouldBe(409.92m);
        detail.Summary.PayerName.ShouldBe("Medicare Part B — Noridian JF");
        var line = detail.Lines.ShouldHaveSingleItem();
        (line.Code, string.Join(",", line.Modifiers), line.Units, line.PlaceOfService).ShouldBe(("01402", "AA,P3", 96m, "22"));
        line.DiagnosisCodes.ShouldBe(["M17.11", "E11.65", "N18.31", "Z79.4"]);
        detail.Coverage!.Period.ShouldBe("from 2019-11-01");
        detail.RenderingProvider!.Npi.ShouldBe("1329485712");
    }

    [Fact]
    public void GivenRobertCoverageEnded_WhenSummarized_ThenEligibilityDenialWithPayerText()
    {
        var summary = Summary("claim-robert-coverage-ended");

        summary.ReasonCodes.ShouldBe(["PR-27"]);
        summary.ReasonText.ShouldBe("Expenses incurred after coverage terminated");
        summary.PaidAmount.ShouldBe(0m);
    }

    [Fact]
    public void GivenJames90837_WhenDetailed_ThenDenialReasonComesFromTheDenialReasonSlice()
    {
        var detail = Detail("claim-james-90837");

        detail.Summary.ReasonText.ShouldBe("Medical necessity not supported for the service billed");
        detail.Adjudications.ShouldHaveSingleItem().ProcessNotes.ShouldHaveSingleItem().ShouldContain("start and stop times");
        detail.Notes.ShouldHaveSingleItem().Id.ShouldBe("doc-james-90837-note");
    }

    [Fact]
    public void GivenEdgeClaimWithDanglingCoverage_WhenDetailed_ThenPayerAndCoverageComeFromDisplays()
    {
        var detail = Detail("claim-edge-unknown-elements");

        detail.Summary.PayerName.ShouldBe("Unknown payer");
        detail.Summary.PatientName.ShouldBe("Edge Case");
        detail.Coverage.ShouldBe(new CoverageSummary { PayerName = "Self-pay (no coverage on file)" });
        detail.Adjudications.ShouldBeEmpty();
    }

    [Fact]
    public void GivenEobWithoutItsClaim_WhenSummarized_ThenTheEobIsShownAsAClaim()
    {
        var record = PatientRecord.Create(Demo.Value.Resources.Where(r => r is not Claim));
        var context = new ClaimContextBuilder().Build(record).Single(c => c.Key == "ExplanationOfBenefit/eob-robert-coverage-ended");

        var detail = ClaimDisplayMapper.ToDetail(context);

        detail.Summary.Id.ShouldBe("eob-robert-coverage-ended");
        detail.Summary.ResourceType.ShouldBe("ExplanationOfBenefit");
        detail.Summary.Outcome.ShouldBe(ClaimOutcomes.Denied);
        detail.Summary.BilledAmount.ShouldBe(290.00m);
        detail.Summary.ProcedureCodes.ShouldBe(["99214", "73562"]);
        detail.Summary.ServiceDate.ShouldBe(new DateOnly(2026, 4, 14));
        detail.Lines.Select(l => l.Charge).ShouldBe([195.00m, 95.00m]);
        detail.Coverage!.Id.ShouldBe("cov-robert-bluepeak");
    }

    private static ClaimSummary Summary(string claimId) => ClaimDisplayMapper.ToSummary(Context(claimId));

    private static ClaimDetail Detail(string claimId) => ClaimDisplayMapper.ToDetail(Context(claimId));

    private static ClaimContext Context(string claimId) =>
        new ClaimContextBuilder().Build(Demo.Value, claimId) ?? throw new InvalidOperationException($"No claim {claimId} in the fixtures.");
}
