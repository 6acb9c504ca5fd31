using FhirApp.Core.Claims.Fhir;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Tests.Claims.Fhir;

public sealed class AdjudicationReaderTests
{
    private const string Discriminator = "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudicationDiscriminator";

    [Fact]
    public void GivenBlueButtonReasonWithGroupAndCarcCodings_WhenRead_ThenGroupedCarc()
    {
        var reason = new CodeableConcept
        {
            Coding =
            [
                new Coding("https://x12.org/codes/claim-adjustment-group-codes", "PR"),
                new Coding("https://bluebutton.cms.gov/fhir/CodeSystem/ANSI-GRP-CD", "PR", "Patient Responsibility"),
                new Coding("https://x12.org/codes/claim-adjustment-reason-codes", "B7"),
                new Coding("https://bluebutton.cms.gov/fhir/CodeSystem/ANSI-RSN-CD", "B7", "Provider not certified for this service"),
            ],
        };

        var read = AdjudicationReader.ReadReason(new CodeableConcept(Discriminator, "adjustmentreason"), reason, null, 1)!;

        read.Label.ShouldBe("PR-B7");
        read.IsCarc.ShouldBeTrue();
        read.IsDenial.ShouldBeTrue();
        read.Display.ShouldBe("Provider not certified for this service");
        read.LineSequence.ShouldBe(1);
    }

    [Fact]
    public void GivenRevenueCenterAnsiCode_WhenRead_ThenGroupAndCarcAreSplit()
    {
        var reason = new CodeableConcept("https://bluebutton.cms.gov/resources/variables/rev_cntr_1st_ansi_cd", "CO120");

        AdjudicationReader.ReadReason(new CodeableConcept(Discriminator, "denialreason"), reason, null, 1)!.Label.ShouldBe("CO-120");
    }

    [Fact]
    public void GivenCarinReasonWithoutGroup_WhenRead_ThenBareCarc()
    {
        var reason = new CodeableConcept("https://x12.org/codes/claim-adjustment-reason-codes", "21");

        var read = AdjudicationReader.ReadReason(new CodeableConcept(Discriminator, "adjustmentreason"), reason, null, null)!;

        (read.GroupCode, read.Label, read.IsDenial).ShouldBe((null, "21", true));
    }

    [Fact]
    public void GivenCostShareCategoryWithCarc_WhenRead_ThenPatientResponsibilityIsImplied()
    {
        var reason = new CodeableConcept("https://x12.org/codes/claim-adjustment-reason-codes", "2");

        var read = AdjudicationReader.ReadReason(new CodeableConcept("http://terminology.hl7.org/CodeSystem/adjudication", "coinsurance"), reason, new Money { Value = 10 }, 1)!;

        (read.Label, read.IsDenial, read.Amount).ShouldBe(("PR-2", false, 10m));
    }

    [Fact]
    public void GivenThoAdjudicationReason_WhenRead_ThenKeptAsNonCarcInformation()
    {
        var reason = new CodeableConcept("http://terminology.hl7.org/CodeSystem/adjudication-reason", "ar002", "Plan Limit Reached");

        var read = AdjudicationReader.ReadReason(new CodeableConcept("http://terminology.hl7.org/CodeSystem/adjudication", "benefit"), reason, null, 1)!;

        (read.Code, read.IsCarc, read.IsDenial, read.Display).ShouldBe(("ar002", false, false, "Plan Limit Reached"));
    }

    [Theory]
    [InlineData("https://bluebutton.cms.gov/resources/variables/carr_line_rdcd_pmt_phys_astn_c", "0", "denialreason")]
    [InlineData("http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBPayerAdjudicationStatus", "innetwork", "benefitpaymentstatus")]
    public void GivenCodeThatIsNotAReason_WhenRead_ThenIgnored(string system, string code, string category) =>
        AdjudicationReader.ReadReason(new CodeableConcept(Discriminator, category), new CodeableConcept(system, code), null, 1).ShouldBeNull();

    [Fact]
    public void GivenMariaClaimResponse_WhenRead_ThenLineTwoIsDeniedForCo197()
    {
        var summary = AdjudicationReader.Read(FhirFixtures.ClaimResponse("cr-maria-20610"));

        summary.Source.ShouldBe("ClaimResponse/cr-maria-20610");
        summary.Outcome.ShouldBe("Partially denied");
        summary.PaidAmount.ShouldBe(68.50m);
        summary.SubmittedAmount.ShouldBe(400.00m);
        summary.Lines.Select(l => (l.Sequence, l.Denied, l.Paid)).ShouldBe([(1, false, (decimal?)68.50m), (2, true, 0m)]);
        summary.Lines[0].Copay.ShouldBe(30.00m);
        summary.ReasonCodes.ShouldBe(["CO-197", "PR-3", "CO-45"]);
        summary.ProcessNotes.ShouldHaveSingleItem().ShouldContain("prior authorization");
    }
}
