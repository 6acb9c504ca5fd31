using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Denials;
using FhirApp.Core.Tests.Claims.Fhir;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Tests.Denials;

public sealed class DenialDetectorTests(SharedSamplesFixture samples) : IClassFixture<SharedSamplesFixture>
{
    private static readonly DenialDetector Detector = new(DenialCauseTable.Load());

    [Theory]
    [InlineData("cr-maria-20610", 2, "CO-197", DenialCategory.Authorization, DenialOwner.Authorization, "auth", 250)]
    [InlineData("cr-robert-arthroscopy", 2, "CO-236", DenialCategory.Bundling, DenialOwner.Coding, "modifiers", 1100)]
    public void GivenDemoClaimResponseWithDeniedLine_WhenDetected_ThenOnlyThatLineIsACategorizedDenial(
        string id, int line, string label, DenialCategory category, DenialOwner owner, string rule, decimal amount)
    {
        var decision = Detector.Detect(FhirFixtures.ClaimResponse(id));

        var denial = decision.Denials.ShouldHaveSingleItem();
        (denial.Line, denial.Kind, denial.Label, denial.Cause.Category, denial.Cause.Owner, denial.Cause.Rule, denial.Amount)
            .ShouldBe((line, DenialKind.Denial, label, category, owner, rule, amount));
    }

    [Fact]
    public void GivenDemoEobs_WhenDetected_ThenCarinDenialReasonAndPr27AreDenialsAndCostSharingIsNot()
    {
        var james = Detector.Detect(FhirFixtures.Eob("eob-james-90837"));
        var robert = Detector.Detect(FhirFixtures.Eob("eob-robert-coverage-ended"));

        var medicalNecessity = james.Denials.ShouldHaveSingleItem();
        (medicalNecessity.Label, medicalNecessity.Cause.Category, medicalNecessity.Cause.Owner).ShouldBe(("CO-50", DenialCategory.MedicalNecessity, DenialOwner.Clinician));
        james.Facts.ClaimId.ShouldBe("claim-james-90837");
        james.Facts.PayerId.ShouldBe("org-payer-bluepeak");
        james.Facts.DecisionDate.ShouldBe(new DateOnly(2026, 3, 18));
        robert.Denials.Select(d => (d.Line, d.Label, d.Cause.Category, d.Amount)).ShouldBe(
            [(1, "PR-27", DenialCategory.Eligibility, 195m), (2, "PR-27", DenialCategory.Eligibility, 95m)]);
        Detector.Detect(FhirFixtures.Eob("eob-linda-anesthesia")).Denials.ShouldBeEmpty("PR-1, PR-2 and CO-45 are not denials");
        Detector.Detect(FhirFixtures.Eob("eob-maria-initial-visit")).Denials.ShouldBeEmpty();
        Detector.Detect(FhirFixtures.ClaimResponse("cr-james-90834")).Denials.ShouldBeEmpty();
        Detector.Detect(FhirFixtures.ClaimResponse("cr-maria-preauth-20610")).Facts.Ignored.ShouldNotBeNull();
    }

    [Fact]
    public void GivenEveryEobAndClaimResponseInTheSharedSamples_WhenDetected_ThenNoneFailsAndTheKnownDenialsAreFound()
    {
        var failures = new List<string>();
        var found = new List<(string File, AdjudicationDecision Decision)>();
        foreach (var (file, result) in samples.Results)
        {
            foreach (var resource in result.Resources.Where(r => r is ExplanationOfBenefit or ClaimResponse))
            {
                try
                {
                    found.Add((samples.Relative(file), Detector.Detect(resource)!));
                }
                catch (Exception ex)
                {
                    failures.Add($"{samples.Relative(file)} {resource.TypeName}/{resource.Id}: {ex.GetType().Name} {ex.Message}");
                }
            }
        }

        failures.ShouldBeEmpty();
        found.Count.ShouldBeGreaterThan(500);
        var rejection = found.Single(f => f.File == "core/ClaimResponse-R3501.json").Decision.Denials.ShouldHaveSingleItem();
        (rejection.Kind, rejection.ErrorCode).ShouldBe((DenialKind.Rejection, "a002"));
        found.Single(f => f.File == "core/ExplanationOfBenefit-EB3501.json").Decision.Denials.ShouldHaveSingleItem().Kind.ShouldBe(DenialKind.Rejection);
        found.Where(f => f.File.StartsWith("synthea/", StringComparison.Ordinal)).SelectMany(f => f.Decision.Denials).ShouldBeEmpty("Synthea EOBs are all paid");
        found.Single(f => f.File == "carin/inferno_reference_server/carin_bundle_patient_888.json" && f.Decision.Facts.ResourceId == "c4bb-EOBProfessional")
            .Decision.Denials.ShouldBeEmpty("CARC 21 sits on the one line the header paid 620 for: a reduction, not a denial");
    }

    [Fact]
    public void GivenCancelledEob_WhenDetected_ThenOneReversalOfWhatItPaid()
    {
        var eob = DenialEobs.Eob("e1", "org-payer-acme", "2026-05-01", DenialEobs.Line(1, 200, 120, "CO-45:80"));
        eob.Status = ExplanationOfBenefit.ExplanationOfBenefitStatus.Cancelled;

        var denial = Detector.Detect(eob).Denials.ShouldHaveSingleItem();

        (denial.Kind, denial.Line, denial.Amount).ShouldBe((DenialKind.Reversal, 0, 120m));
    }

    [Fact]
    public void GivenNegativeBenefitAndCrReversal_WhenDetected_ThenRecoupmentAndReversalKeptApartFromDenials()
    {
        var eob = DenialEobs.Eob("e2", "org-payer-acme", "2026-05-01",
            DenialEobs.Line(1, 100, -60, "CO-23:-60"),
            DenialEobs.Line(2, 100, 0, "CR-129:100"),
            DenialEobs.Line(3, 100, 0, "PR-49:100"),
            DenialEobs.Line(4, 100, 0, "CO-45:100"));

        var denials = Detector.Detect(eob).Denials;

        denials.Select(d => (d.Line, d.Kind, d.Amount)).ShouldBe(
            [(1, DenialKind.Recoupment, 60m), (2, DenialKind.Reversal, 100m), (3, DenialKind.Denial, 100m)]);
        denials.Single(d => d.Line == 3).Cause.Category.ShouldBe(DenialCategory.Eligibility, "PR-49 is a denial whatever its group");
    }

    [Fact]
    public void GivenMedicareCo16WithMa130_WhenDetected_ThenRejectionCategorizedByTheRarc()
    {
        var eob = DenialEobs.Eob("e3", "org-payer-medicare", "2026-05-01", DenialEobs.Line(1, 100, 0, "CO-16:100", "MA130"));

        var denial = Detector.Detect(eob).Denials.ShouldHaveSingleItem();

        (denial.Kind, denial.Label, denial.Rarcs.Single(), denial.Cause.Category).ShouldBe((DenialKind.Rejection, "CO-16", "MA130", DenialCategory.MissingInformation));
    }

    [Fact]
    public void GivenInstitutionalEobWithHeaderReasonOnlyAndNothingPaid_WhenDetected_ThenOneClaimLevelDenial()
    {
        var eob = DenialEobs.Eob("e4", "org-payer-acme", "2026-05-01");
        var reason = DenialEobs.Line(1, 0, 0, "CO-50:900").Adjudication.Single(a => a.Reason is not null);
        eob.Adjudication.Add(reason);
        eob.Total.Add(new ExplanationOfBenefit.TotalComponent { Category = new CodeableConcept("http://terminology.hl7.org/CodeSystem/adjudication", "submitted"), Amount = new Money { Value = 900 } });
        eob.Total.Add(new ExplanationOfBenefit.TotalComponent { Category = new CodeableConcept("http://terminology.hl7.org/CodeSystem/adjudication", "benefit"), Amount = new Money { Value = 0 } });

        var denial = Detector.Detect(eob).Denials.ShouldHaveSingleItem();

        (denial.Line, denial.Kind, denial.Label, denial.Amount, denial.Cause.Category).ShouldBe((0, DenialKind.Denial, "CO-50", 900m, DenialCategory.MedicalNecessity));
    }

    [Fact]
    public void GivenPartialOutcomeWithAnUnpaidLineAndNoReason_WhenDetected_ThenADenialWithoutCarcForBillingToReview()
    {
        var eob = DenialEobs.Eob("e5", "org-payer-acme", "2026-05-01", DenialEobs.Line(1, 100, 60, "CO-45:40"), DenialEobs.Line(2, 80, 0));
        eob.Outcome = ClaimProcessingCodes.Partial;

        var denial = Detector.Detect(eob).Denials.ShouldHaveSingleItem();

        (denial.Line, denial.Kind, denial.Carc, denial.Amount, denial.Cause).ShouldBe((2, DenialKind.Denial, (string?)null, 80m, DenialCause.Unknown));
        DenialDeadlines.Route(denial.Kind, denial.Cause.Category).ShouldBe(DenialRoute.Review);
    }

    [Fact]
    public void GivenEobWithoutId_WhenDetected_ThenItsIdentifierStandsIn()
    {
        var eob = DenialEobs.Eob("x", "org-payer-acme", "2026-05-01", DenialEobs.Line(1, 100, 0, "CO-197"));
        eob.Id = null;
        eob.Identifier.Add(new Identifier("urn:payer:claim", "CLM-42"));

        Detector.Detect(eob).Facts.ResourceId.ShouldBe("CLM-42");
    }

    [Theory]
    [InlineData("carin/carin_bb_stu2.1_branch_json/ExplanationOfBenefit_ProfessionalEOBExample1.json", "ProfessionalEOBExample1", "75710 37228", null)]
    [InlineData("carin/inferno_carin_test_kit/explanation_of_benefit_all.json", "EOBProfessionalTransportation1", "A0428", "ProviderTransportationOrganization1")]
    [InlineData("bluebutton/bfd_v2_endpoint_responses/eobReadCarrierWithMultipleLines.json", "carrier-9991831999", "92999 92998 92997 92996 92995 92994 92993", "1923124")]
    [InlineData("bluebutton/bfd_v2_endpoint_responses/eobReadInpatient.json", "inpatient-333333222222", "M55", "345345345")]
    public void GivenCarinAndBlueButtonSampleEobs_WhenDetected_ThenLineProcedureCodesAndTheRenderingOrPerformingMemberAreKept(
        string file, string id, string procedures, string? rendering)
    {
        var eob = samples.Read(file).Resources.OfType<ExplanationOfBenefit>().Single(e => e.Id == id);

        var facts = Detector.Detect(eob).Facts;

        // CARIN's ProfessionalEOBExample1 names only a primary (the billing organization) and a referring member: no
        // rendering provider, and the billing provider is not taken for one.
        (facts.ProcedureCodes, facts.RenderingProvider).ShouldBe((procedures, rendering));
    }

    [Fact]
    public void GivenDeniedLinesWithTheirOwnPerformerOrNone_WhenDetected_ThenEachLineKeepsItsCodeAndRenderingProvider()
    {
        var eob = TeamEob();

        var decision = Detector.Detect(eob);

        (decision.Facts.ProcedureCodes, decision.Facts.RenderingProvider).ShouldBe(("99213 93000", "pr-rendering"));
        decision.Denials.Select(d => (d.Line, d.Procedure, d.RenderingProvider)).ShouldBe([
            (2, "93000", "1234567893"),
            (3, (string?)null, "pr-rendering"),
        ], "line 2 points at its performer; line 3 has no CPT/HCPCS code and no careTeamSequence, so the claim's rendering provider");
    }

    /// <summary>Three lines (two denied) and a care team of a rendering, a performing and a referring member.</summary>
    internal static ExplanationOfBenefit TeamEob()
    {
        const string Role = "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBClaimCareTeamRole";
        var eob = DenialEobs.Eob("e-team", "org-payer-acme", "2026-04-01",
            DenialEobs.Line(1, 100, 80), DenialEobs.Line(2, 60, 0, "CO-50:60"), DenialEobs.Line(3, 40, 0, "CO-50:40"));
        eob.Item[0].ProductOrService = new CodeableConcept(FhirValues.CptSystem, "99213");
        eob.Item[0].CareTeamSequence = [1];
        eob.Item[1].ProductOrService = new CodeableConcept("https://bluebutton.cms.gov/resources/codesystem/hcpcs", "93000");
        eob.Item[1].CareTeamSequence = [2, 3];
        eob.Item[2].ProductOrService = new CodeableConcept("http://hl7.org/fhir/sid/ndc", "0777-3105-02");
        eob.CareTeam.Add(new() { Sequence = 3, Provider = new ResourceReference("Practitioner/pr-referrer"), Role = new CodeableConcept(Role, "referring") });
        eob.CareTeam.Add(new() { Sequence = 1, Provider = new ResourceReference("Practitioner/pr-rendering"), Role = new CodeableConcept(Role, "rendering") });
        eob.CareTeam.Add(new()
        {
            Sequence = 2,
            Provider = new ResourceReference { Identifier = new Identifier(FhirValues.NpiSystem, "1234567893") },
            Role = new CodeableConcept(Role, "performing"),
        });
        return eob;
    }
}
