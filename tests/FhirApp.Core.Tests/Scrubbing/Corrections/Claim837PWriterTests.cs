using FhirApp.Core.Claims;
using FhirApp.Core.Remittance;
using FhirApp.Core.Scrubbing.Corrections;
using FhirApp.Core.Scrubbing.Corrections.X12;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Time.Testing;

namespace FhirApp.Core.Tests.Scrubbing.Corrections;

public sealed class Claim837PWriterTests
{
    internal static readonly Submitter837Options Options = new()
    {
        SubmitterName = "RIVERSIDE ORTHOPEDICS BILLING",
        SubmitterId = "RIV001",
        ContactName = "BILLING OFFICE",
        ContactPhone = "5095550140",
        ReceiverName = "DEMO CLEARINGHOUSE",
        ReceiverId = "CLEAR01",
        InterchangeSenderId = "RIVERSIDEORTHO",
        InterchangeReceiverId = "CLEARINGHOUSE",
        ControlNumber = 42,
        // The demo practice's record holds a five-digit ZIP; the 837P needs nine for the billing provider.
        BillingProviderZip = "992013407",
    };

    private static readonly Claim837PWriter Writer = new(new FakeTimeProvider(new DateTimeOffset(2026, 5, 4, 10, 30, 0, TimeSpan.Zero)));

    internal static string GoldenPath => Path.Combine(FhirFixtures.RepositoryRoot, "fhir-fixtures", "x12", "837p", "claim-robert-coverage-ended-replacement.837");

    internal static ClaimContext Context(string claimId, PatientRecord? record = null) =>
        new ClaimContextBuilder().Build(record ?? FhirFixtures.DemoRecord(), claimId) ?? throw new InvalidOperationException(claimId);

    private static Claim Draft(ClaimContext context)
    {
        var draft = (Claim)context.Claim!.DeepCopy();
        draft.Status = FinancialResourceStatusCodes.Draft;
        return draft;
    }

    [Fact]
    public void GivenTheDemoDenialsCorrectedDraft_WhenWrittenAsAReplacement_ThenItValidatesAndReadsBackAsTheDraft()
    {
        var context = Context("claim-robert-coverage-ended");

        var result = Writer.Write(Draft(context), context, Options);

        result.Issues.ShouldBeEmpty();
        result.IsValid.ShouldBeTrue();
        result.FileName.ShouldBe("RO-ROBERT-COVERAGE-ENDED-7-000000042.837");
        var claim = result.Claim.ShouldNotBeNull();
        (claim.PatientControlNumber, claim.TotalCharge, claim.PlaceOfService, claim.Frequency, claim.PayerClaimNumber)
            .ShouldBe(("RO-ROBERT-COVERAGE-ENDED", 290m, "11", "7", "PCN-ROBERT-COVERAGE-ENDED"), "REF*F8 is the payer's claim number from the claim's EOB");
        (claim.SubscriberId, claim.PayerId, claim.BillingNpi, claim.RenderingNpi, claim.FilingIndicator).ShouldBe(("BPK771203348", "BPBC1", "1703849269", "1847293051", "12"));
        claim.Diagnoses.ShouldBe(["M1712", "M25562"]);
        claim.Lines.Select(l => (l.Code, string.Join(':', l.Modifiers), l.Charge, l.Unit, l.Units, string.Join(':', l.Pointers), l.From, l.ControlNumber)).ShouldBe(
        [
            ("99214", "", 195m, "UN", 1m, "1:2", (DateOnly?)new DateOnly(2026, 4, 14), "1"),
            ("73562", "LT", 95m, "UN", 1m, "1:2", new DateOnly(2026, 4, 14), "2"),
        ]);
    }

    [Fact]
    public void GivenTheFixedClockAndControlNumber_WhenWritten_ThenTheFileIsTheGoldenFixture()
    {
        var context = Context("claim-robert-coverage-ended");

        var result = Writer.Write(Draft(context), context, Options);

        result.Content.ShouldBe(File.ReadAllText(GoldenPath));
    }

    [Fact]
    public void GivenAVoid_WhenWritten_ThenFrequencyIs8WithThePayersNumber()
    {
        var context = Context("claim-robert-coverage-ended");

        var result = Writer.Write(Draft(context), context, Options, ClaimFrequency.Void);

        result.Claim.ShouldNotBeNull().Frequency.ShouldBe("8");
        result.Content.ShouldNotBeNull().ShouldContain("CLM*RO-ROBERT-COVERAGE-ENDED*290***11:B:8*Y*A*Y*Y~\nREF*F8*PCN-ROBERT-COVERAGE-ENDED~");
    }

    [Fact]
    public void GivenAnAcceptedFixThatAttachesTheAuthorization_WhenWritten_ThenTheFileCarriesItInRefG1()
    {
        var context = Context("claim-maria-20610");
        var draft = Draft(context);
        ClaimFix.AttachAuthNumber("PA-20610-7781", "on file").ApplyTo(draft).ShouldNotBeEmpty();

        var result = Writer.Write(draft, context, Options, ClaimFrequency.Replacement, payerClaimNumber: "ACM2602100007");

        result.Issues.ShouldBeEmpty();
        var claim = result.Claim.ShouldNotBeNull();
        (claim.PriorAuthorization, claim.PayerClaimNumber).ShouldBe(("PA-20610-7781", "ACM2602100007"));
        claim.Lines.Select(l => (l.Code, string.Join(':', l.Modifiers))).ShouldBe([("99213", "25"), ("20610", "RT")]);
    }

    [Fact]
    public void GivenTheAnesthesiaClaim_WhenWritten_ThenMinutesAreBilledAsMjAndMedicareAsPartB()
    {
        var context = Context("claim-linda-anesthesia");

        var result = Writer.Write(Draft(context), context, Options, ClaimFrequency.Replacement, "26071200088");

        result.Issues.ShouldBeEmpty();
        var claim = result.Claim.ShouldNotBeNull();
        claim.FilingIndicator.ShouldBe("MB");
        claim.PlaceOfService.ShouldBe("22");
        var line = claim.Lines.ShouldHaveSingleItem();
        (line.Code, string.Join(':', line.Modifiers), line.Unit, line.Units).ShouldBe(("01402", "AA:P3", "MJ", 96m));
    }

    [Fact]
    public void GivenADependentCoveredByAParent_WhenWritten_ThenThePatientGetsItsOwnLevel()
    {
        var record = FhirFixtures.DemoRecord();
        var parent = new RelatedPerson
        {
            Id = "rp-parent",
            Patient = new ResourceReference("Patient/p-robert-king"),
            Name = [new HumanName { Family = "King", Given = ["Helen"] }],
            Gender = AdministrativeGender.Female,
            BirthDate = "1950-02-01",
            Address = [new Address { Line = ["6607 N Wall St"], City = "Spokane", State = "WA", PostalCode = "99208" }],
        };
        var coverage = (Coverage)record.Find<Coverage>("cov-robert-bluepeak")!.DeepCopy();
        coverage.Subscriber = new ResourceReference("RelatedPerson/rp-parent");
        coverage.Relationship = new CodeableConcept("http://terminology.hl7.org/CodeSystem/subscriber-relationship", "child");
        var resources = record.Resources.Where(r => r is not Coverage { Id: "cov-robert-bluepeak" }).Append(coverage).Append(parent);
        var context = Context("claim-robert-coverage-ended", PatientRecord.Create(resources));

        var result = Writer.Write(Draft(context), context, Options);

        result.Issues.ShouldBeEmpty();
        var text = result.Content.ShouldNotBeNull();
        text.ShouldContain("HL*2*1*22*1~\nSBR*P**GRP-31877******12~\nNM1*IL*1*King*Helen****MI*BPK771203348~");
        text.ShouldContain("HL*3*2*23*0~\nPAT*19~\nNM1*QC*1*King*Robert~\nN3*6607 N Wall St~\nN4*Spokane*WA*99208~\nDMG*D8*19720618*M~");
    }

    [Fact]
    public void GivenMissingData_WhenWritten_ThenNoFileAndEachGapInPlainWords()
    {
        var context = Context("claim-robert-coverage-ended") with { ExplanationsOfBenefit = [], ClaimResponses = [] };

        var result = Writer.Write(Draft(context), context, Options with { BillingProviderZip = null });

        result.Content.ShouldBeNull();
        result.IsValid.ShouldBeFalse();
        result.Issues.Select(i => i.Message).ShouldBe(
        [
            "The billing provider's ZIP code needs all nine digits (ZIP+4) on an 837P; the practice's record has 5 digits.",
            "The payer's original claim number is not known: a replacement or void must quote it.",
        ]);
    }

    [Fact]
    public void GivenTheWrittenClaim_WhenReadAsA835_ThenTheRemittanceReaderRefusesIt()
    {
        var result = Era835Reader.ReadFile(GoldenPath);

        result.Issues.ShouldHaveSingleItem().ToString().ShouldBe("segment 3 (ST): transaction set '837' is not a remittance advice (835)");
    }
}
