using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Denials;
using FhirApp.Core.Remittance;
using FhirApp.Core.Scrubbing;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.Extensions.Time.Testing;

namespace FhirApp.Core.Tests.Remittance;

public sealed class RemittanceEobMapperTests
{
    private static readonly DenialDetector Detector = new(DenialCauseTable.Load());

    private static readonly FhirJsonDeserializer Strict = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));

    internal static RemittanceClaimIndex DemoClaims() => new(FhirFixtures.ReadDemo().Resources.OfType<Claim>());

    private static IReadOnlyList<ExplanationOfBenefit> Import(string name, RemittanceClaimIndex? claims = null)
    {
        var import = new RemittanceImporter(claims).ImportFile(X12Fixtures.Accepted(name));
        import.Issues.ShouldBeEmpty();
        return import.Eobs;
    }

    [Fact]
    public void GivenTheDemoDenialAsAnEraWithThePracticeClaims_WhenDetected_ThenFactsAndDenialsAreThoseOfTheFhirEob()
    {
        var fhir = Detector.Detect(FhirFixtures.Eob("eob-robert-coverage-ended"));
        var era = Detector.Detect(Import("demo-robert-coverage-ended.835", DemoClaims()).ShouldHaveSingleItem());

        // The 835 names no rendering provider (no NM1*82); the FHIR EOB's "primary" practitioner is the claim's rendering one.
        Facts(era.Facts with { RenderingProvider = fhir.Facts.RenderingProvider }).ShouldBe(Facts(fhir.Facts));
        (era.Facts.RenderingProvider, fhir.Facts.RenderingProvider).ShouldBe((null, "pr-susan-patel"));
        era.Denials.Select(Row).ShouldBe(fhir.Denials.Select(d => Row(d with { RenderingProvider = null })));
        era.Denials.Count.ShouldBe(2);
    }

    [Fact]
    public void GivenTheDemoDenialAsAnEraAlone_WhenDetected_ThenClaimIdIsClp01AndItsPayerIdFindsTheSamePayerAndAppealWindow()
    {
        var rules = RuleBookLoader.Load();
        var deadlines = new DenialDeadlines(rules.Payers, new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero)));
        var detector = new DenialDetector(DenialCauseTable.Load(), rules.Directory);
        var fhir = detector.Detect(FhirFixtures.Eob("eob-robert-coverage-ended"));
        var era = detector.Detect(Import("demo-robert-coverage-ended.835").ShouldHaveSingleItem());

        // The 835 names the payer by its payer id (N1*PR), the EHR's EOB by its Organization: one payer, one key.
        Detector.Detect(Import("demo-robert-coverage-ended.835").Single()).Facts.PayerId.ShouldBe("BPBC1", "without the payer files, the payer id is the key");
        (era.Facts.ClaimId, era.Facts.PayerId, era.Facts.PatientId).ShouldBe(("RO-ROBERT-COVERAGE-ENDED", "org-payer-bluepeak", null));
        fhir.Facts.PayerId.ShouldBe("org-payer-bluepeak");
        era.Denials.Select(d => (d.Line, d.Kind, d.Label, d.Amount, d.Cause, d.Procedure)).ShouldBe(fhir.Denials.Select(d => (d.Line, d.Kind, d.Label, d.Amount, d.Cause, d.Procedure)));
        var route = DenialDeadlines.Route(DenialKind.Denial, DenialCategory.Eligibility);
        deadlines.For(era.Facts.PayerId, era.Facts.DecisionDate, era.Facts.ServiceDate, route)
            .ShouldBe(deadlines.For(fhir.Facts.PayerId, fhir.Facts.DecisionDate, fhir.Facts.ServiceDate, route));
    }

    [Fact]
    public void GivenDenialsWithGroupCodesAndRemarks_WhenDetected_ThenEachBecomesTheWorkItemItsCodesCallFor()
    {
        var rows = Import("denied-acme.835").Select(Detector.Detect)
            .SelectMany(d => d.Denials.Select(x => (d.Facts.ClaimId, x.Line, x.Kind, x.Label, string.Join(' ', x.Rarcs), x.Amount, x.Cause.Category, x.Procedure)))
            .ToList();

        rows.ShouldBe(
        [
            ("RO-MARIA-20610", 2, DenialKind.Denial, "CO-197", "N54", 250m, DenialCategory.Authorization, "20610"),
            ("PCN-1007", 0, DenialKind.Rejection, "CO-16", "MA130", 120m, DenialCategory.MissingInformation, null),
            ("PCN-1008", 1, DenialKind.Denial, "OA-18", "", 150m, DenialCategory.Duplicate, "99213"),
            ("PCN-1009", 1, DenialKind.Denial, "CO-50", "M76", 185m, DenialCategory.MedicalNecessity, "90837"),
        ]);
    }

    [Fact]
    public void GivenPaidRemittance_WhenSummarized_ThenCostSharingAndWriteDownsAreNoDenialsAndAmountsAreCarinCategories()
    {
        var eob = Import("paid-acme.835").ShouldHaveSingleItem();

        var summary = AdjudicationReader.Read(eob);
        Detector.Detect(eob).Denials.ShouldBeEmpty("CO-45, PR-2 and PR-3 are not denials");
        (summary.SubmittedAmount, summary.PaidAmount).ShouldBe((305m, 163m));
        summary.Lines.Select(l => (l.Sequence, l.Submitted, l.Allowed, l.Paid, l.Copay, l.Coinsurance))
            .ShouldBe([(1, 210m, 140m, 115m, 25m, null), (2, 95m, 60m, 48m, null, 12m)]);
        summary.ReasonCodes.ShouldBe(["CO-45", "PR-3", "PR-2"]);
        eob.Identifier.ShouldHaveSingleItem().Value.ShouldBe("ACM2601060001");
        eob.CareTeam.ShouldHaveSingleItem().Provider!.Identifier!.Value.ShouldBe("1847293051");
        Detector.Detect(eob).Facts.RenderingProvider.ShouldBe("1847293051");
    }

    [Fact]
    public void GivenLineRemarkCodes_WhenSummarized_ThenTheyAreRemarksAndNeverReadAsAdjustmentReasons()
    {
        var eob = Import("partial-bluepeak.835").ShouldHaveSingleItem();

        AdjudicationReader.Read(eob).ReasonCodes.ShouldBe(["CO-236", "CO-45", "PR-1", "PR-2"]);
        Detector.Detect(eob).Denials.ShouldHaveSingleItem().Rarcs.ShouldBe(["N20"]);
    }

    [Fact]
    public void GivenReversalAndCorrection_WhenMapped_ThenBothAreVersionsOfTheOriginalEobAndTheCorrectionIsNewer()
    {
        var original = Import("partial-bluepeak.835").Single();
        var pair = Import("reversal-correction.835");
        var (reversal, correction) = (pair[0], pair[1]);

        new[] { reversal.Id, correction.Id }.ShouldAllBe(id => id == original.Id);
        new[] { original.Meta!.VersionId, reversal.Meta!.VersionId, correction.Meta!.VersionId }.Distinct().Count().ShouldBe(3);
        correction.Meta.LastUpdated.ShouldNotBeNull().ShouldBeGreaterThan(reversal.Meta.LastUpdated!.Value);
        reversal.Status.ShouldBe(ExplanationOfBenefit.ExplanationOfBenefitStatus.Cancelled);
        var reversed = Detector.Detect(reversal);
        (reversed.Facts.Submitted, reversed.Facts.Paid).ShouldBe((3550m, 1200m), "a reversal reads as the adjudication it withdraws");
        var row = reversed.Denials.ShouldHaveSingleItem();
        (row.Line, row.Kind, row.Amount).ShouldBe((0, DenialKind.Reversal, 1200m));
        Detector.Detect(correction).Denials.ShouldBeEmpty("29877-59 was paid on review");
    }

    [Fact]
    public void GivenNotOurClaim_WhenDetected_ThenARejectionToSendToTheRightPayer()
    {
        var eob = Import("not-our-claim.835").ShouldHaveSingleItem();

        eob.Outcome.ShouldBe(ClaimProcessingCodes.Error);
        eob.Disposition.ShouldBe("Not our claim: forwarded to another payer (NORTHWEST HEALTH COOP)");
        var row = Detector.Detect(eob).Denials.ShouldHaveSingleItem();
        (row.Line, row.Kind, row.Label, row.Amount).ShouldBe((0, DenialKind.Rejection, "OA-109", 180m));
        DenialDeadlines.Route(row.Kind, row.Cause.Category).ShouldBe(DenialRoute.Resubmit);
    }

    [Theory]
    [InlineData("1", "active", "complete", "claim", "Processed as primary")]
    [InlineData("2", "active", "complete", "claim", "Processed as secondary")]
    [InlineData("3", "active", "complete", "claim", "Processed as tertiary")]
    [InlineData("4", "active", "complete", "claim", "Denied")]
    [InlineData("19", "active", "complete", "claim", "Processed as primary, forwarded to another payer")]
    [InlineData("20", "active", "complete", "claim", "Processed as secondary, forwarded to another payer")]
    [InlineData("21", "active", "complete", "claim", "Processed as tertiary, forwarded to another payer")]
    [InlineData("22", "cancelled", "complete", "claim", "Reversal of a previous payment")]
    [InlineData("23", "active", "error", "claim", "Not our claim: forwarded to another payer")]
    [InlineData("25", "active", "complete", "predetermination", "Predetermination pricing only: no payment")]
    public void GivenEachClaimStatus_WhenMapped_ThenStatusOutcomeUseAndDispositionFollowIt(string clp02, string status, string outcome, string use, string disposition)
    {
        var text = X12Fixtures.Text(X12Fixtures.Accepted("denied-acme.835")).Replace("CLP*PCN-1008*4*", $"CLP*PCN-1008*{clp02}*", StringComparison.Ordinal);

        var eob = new RemittanceImporter().Import(text, "x.835").Eobs.Single(e => e.Identifier[0].Value == "ACM2602120020");

        (Hl7.Fhir.Utility.EnumUtility.GetLiteral(eob.Status), Hl7.Fhir.Utility.EnumUtility.GetLiteral(eob.Outcome), Hl7.Fhir.Utility.EnumUtility.GetLiteral(eob.Use), eob.Disposition)
            .ShouldBe((status, outcome, use, disposition));
    }

    [Fact]
    public void GivenPredeterminationPricing_WhenDetected_ThenIgnoredAsNotAClaimDecision()
    {
        var text = X12Fixtures.Text(X12Fixtures.Accepted("denied-acme.835")).Replace("CLP*PCN-1008*4*", "CLP*PCN-1008*25*", StringComparison.Ordinal);

        var eob = new RemittanceImporter().Import(text, "x.835").Eobs.Single(e => e.Identifier[0].Value == "ACM2602120020");

        var decision = Detector.Detect(eob);
        decision.Facts.Ignored.ShouldNotBeNull();
        decision.Denials.ShouldBeEmpty();
    }

    [Fact]
    public void GivenTheSameRemittanceRedeliveredInAnotherEnvelope_WhenMapped_ThenIdsAndVersionsAreTheSame()
    {
        var text = X12Fixtures.Text(X12Fixtures.Accepted("denied-acme.835"));
        var redelivered = text.Replace("000004188", "000009999", StringComparison.Ordinal).Replace("*20260224*0800*4188*", "*20260301*0700*4188*", StringComparison.Ordinal);

        var first = new RemittanceImporter().Import(text, "a.835").Eobs;
        var again = new RemittanceImporter().Import(redelivered, "b.835").Eobs;

        again.Count.ShouldBe(4);
        again.Select(e => (e.Id, e.Meta!.VersionId)).ShouldBe(first.Select(e => (e.Id, e.Meta!.VersionId)));
        RemittanceEobMapper.EobId("ACME1", "ACM2602100007").ShouldNotBe(RemittanceEobMapper.EobId("BPBC1", "ACM2602100007"), "payer claim numbers are unique per payer only");
    }

    [Fact]
    public void GivenPatientControlNumberThatIsNotAFhirId_WhenDetected_ThenTheClaimIsNamedByIdentifierAndKeepsClp01()
    {
        var text = X12Fixtures.Text(X12Fixtures.Accepted("demo-robert-coverage-ended.835")).Replace("CLP*RO-ROBERT-COVERAGE-ENDED*", "CLP*RO 4/14 #2*", StringComparison.Ordinal);

        var eob = new RemittanceImporter().Import(text, "x.835").Eobs.ShouldHaveSingleItem();

        eob.Claim!.Reference.ShouldBeNull();
        eob.Claim.Identifier!.Value.ShouldBe("RO 4/14 #2");
        Detector.Detect(eob).Facts.ClaimId.ShouldBe("RO 4/14 #2");
    }

    [Fact]
    public void GivenThePracticeClaims_WhenImported_ThenClp01MatchesAClaimByIdentifierAndTheRestAreListedUnmatched()
    {
        var import = new RemittanceImporter(DemoClaims()).ImportFile(X12Fixtures.Accepted("denied-acme.835"));

        var maria = import.Eobs[0];
        (maria.Claim!.Reference, maria.Insurer!.Reference, maria.Patient!.Reference, maria.Provider!.Reference, maria.Insurance[0].Coverage!.Reference)
            .ShouldBe(("Claim/claim-maria-20610", "Organization/org-payer-acme", "Patient/p-maria-lopez", "Organization/org-practice", "Coverage/cov-maria-acme"));
        import.Unmatched.Select(u => (u.Segment, u.PatientControlNumber, u.PayerClaimNumber, u.Payer, u.Status)).ShouldBe(
        [
            (25, "PCN-1007", "ACM2602110019", "ACME HEALTH PLAN", "4"),
            (30, "PCN-1008", "ACM2602120020", "ACME HEALTH PLAN", "4"),
            (35, "PCN-1009", "ACM2602130021", "ACME HEALTH PLAN", "4"),
        ]);
    }

    [Fact]
    public void GivenServiceLinesWithoutLineNumbers_WhenMatchedToTheClaim_ThenTheyTakeTheClaimLineOfTheSameCodeAndDate()
    {
        // Payer sends the lines in another order and without REF*6R: 73562 first.
        var text = X12Fixtures.Text(X12Fixtures.Accepted("demo-robert-coverage-ended.835"))
            .Replace("REF*6R*1~\n", "", StringComparison.Ordinal).Replace("REF*6R*2~\n", "", StringComparison.Ordinal).Replace("SE*21*", "SE*19*", StringComparison.Ordinal);
        var lines = text.Split('\n').ToList();
        var first = lines.FindIndex(l => l.StartsWith("SVC*HC:99214", StringComparison.Ordinal));
        var block = lines.GetRange(first, 3);
        lines.RemoveRange(first, 3);
        lines.InsertRange(first + 3, block);

        var unmatched = new RemittanceImporter().Import(string.Join('\n', lines), "x.835").Eobs.Single();
        var matched = new RemittanceImporter(DemoClaims()).Import(string.Join('\n', lines), "x.835").Eobs.Single();

        unmatched.Item.Select(i => (i.Sequence, i.ProductOrService!.Coding[0].Code)).ShouldBe([(1, "73562"), (2, "99214")], "by position without the claim");
        matched.Item.Select(i => (i.Sequence, i.ProductOrService!.Coding[0].Code)).ShouldBe([(2, "73562"), (1, "99214")]);
    }

    [Fact]
    public void GivenEveryAcceptedFixture_WhenMappedAndParsedBackStrictly_ThenEachEobIsValidFhirWithItsRequiredElements()
    {
        foreach (var file in X12Fixtures.AllAccepted)
        {
            foreach (var eob in new RemittanceImporter(DemoClaims()).ImportFile(file).Eobs)
            {
                var back = Strict.Deserialize<ExplanationOfBenefit>(eob.ToJson());
                back.Id!.ShouldMatch("^[A-Za-z0-9\\-\\.]{1,64}$");
                back.Meta!.VersionId!.ShouldMatch("^[A-Za-z0-9\\-\\.]{1,64}$");
                back.Insurance.ShouldNotBeEmpty(); // the strict parse has checked every other minimum cardinality
            }
        }
    }

    private static object Row(DetectedDenial d) =>
        (d.Line, d.Kind, d.Carc, d.Group, string.Join(' ', d.Rarcs), d.ErrorCode, d.Amount, d.Cause, d.Procedure, d.RenderingProvider);

    private static object Facts(AdjudicationFacts f) =>
        (f.ResourceType, f.Status, f.Outcome, f.Use, f.ClaimId, f.PatientId, f.PayerId, f.Provider, f.DecisionDate, f.ServiceDate, f.Submitted, f.Paid, f.ProcedureCodes, f.RenderingProvider, f.Ignored);
}
