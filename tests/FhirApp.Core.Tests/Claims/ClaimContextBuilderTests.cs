using FhirApp.Core.Claims;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Tests.Claims;

public sealed class ClaimContextBuilderTests
{
    private readonly ClaimContextBuilder _builder = new();

    [Fact]
    public void GivenDemoRecord_WhenBuilt_ThenOneContextPerClaimAndNoEobOnlyContexts()
    {
        var contexts = _builder.Build(FhirFixtures.DemoRecord());

        contexts.Select(c => c.Key).ShouldBe(
        [
            "Claim/claim-james-90834", "Claim/claim-james-90837", "Claim/claim-linda-anesthesia", "Claim/claim-maria-20610",
            "Claim/claim-maria-followup", "Claim/claim-maria-initial-visit", "Claim/claim-robert-arthroscopy", "Claim/claim-robert-coverage-ended", "Claim/claim-robert-pending",
        ]);
    }

    [Fact]
    public void GivenMaria20610_WhenBuilt_ThenEveryPartOfTheContextIsResolved()
    {
        var context = _builder.Build(FhirFixtures.DemoRecord(), "claim-maria-20610")!;

        context.Patient!.Id.ShouldBe("p-maria-lopez");
        context.Coverages.ShouldHaveSingleItem().Id.ShouldBe("cov-maria-acme");
        context.Payer!.Id.ShouldBe("org-payer-acme");
        context.BillingProvider!.Id.ShouldBe("org-practice");
        context.Practitioners.ShouldHaveSingleItem().Id.ShouldBe("pr-susan-patel");
        context.ClaimResponses.ShouldHaveSingleItem().Id.ShouldBe("cr-maria-20610");
        context.ExplanationsOfBenefit.ShouldBeEmpty();
        context.EarlierClaims.Select(c => c.Id).ShouldBe(["claim-maria-initial-visit"]);
        context.ServiceDate.ShouldBe(new DateOnly(2026, 2, 10));
    }

    [Fact]
    public void GivenNotesByDateAndByRelatedClaim_WhenBuilt_ThenOnlyNotesNearTheServiceDateOrLinkedAreIncluded()
    {
        var record = FhirFixtures.DemoRecord();

        // Dated 2026-02-10 (same day); the 2026-01-06 note is 35 days earlier and linked to the other claim.
        _builder.Build(record, "claim-maria-20610")!.Notes.Select(n => n.Id).ShouldBe(["doc-maria-20610-note"]);
        _builder.Build(record, "claim-maria-initial-visit")!.Notes.Select(n => n.Id).ShouldBe(["doc-maria-initial-note"]);
        // Linked by context.related.
        _builder.Build(record, "claim-james-90837")!.Notes.Select(n => n.Id).ShouldBe(["doc-james-90837-note"]);
        // Two days before the date of service.
        _builder.Build(record, "claim-linda-anesthesia")!.Notes.Select(n => n.Id).ShouldBe(["doc-linda-preop-note"]);
        _builder.Build(record, "claim-robert-pending")!.Notes.ShouldBeEmpty();
    }

    [Fact]
    public void GivenNoteWindowOfOneDay_WhenBuilt_ThenANoteTwoDaysBeforeIsLeftOut()
    {
        var context = new ClaimContextBuilder { NoteWindowDays = 1 }.Build(FhirFixtures.DemoRecord(), "claim-linda-anesthesia")!;

        context.Notes.ShouldBeEmpty();
    }

    [Fact]
    public void GivenEobWhoseClaimIsNotInTheRecord_WhenBuilt_ThenContextIsBuiltFromTheEob()
    {
        var record = PatientRecord.Create(FhirFixtures.DemoRecord().Resources.Where(r => r is not Claim));

        var context = _builder.Build(record).Single(c => c.Key == "ExplanationOfBenefit/eob-james-90837");

        context.Claim.ShouldBeNull();
        context.SourceEob!.Id.ShouldBe("eob-james-90837");
        context.ExplanationsOfBenefit.ShouldHaveSingleItem();
        context.Patient!.Id.ShouldBe("p-james-carter");
        context.Coverages.ShouldHaveSingleItem().Id.ShouldBe("cov-james-bluepeak");
        context.Payer!.Id.ShouldBe("org-payer-bluepeak");
        context.ServiceDate.ShouldBe(new DateOnly(2026, 3, 3));
    }

    [Fact]
    public void GivenEobLinkedOnlyByIdentifier_WhenBuilt_ThenItJoinsTheClaim()
    {
        var claim = new Claim { Id = "c1", Use = ClaimUseCode.Claim, Identifier = [new Identifier("https://payer/icn", "ICN-1")], Patient = new ResourceReference("Patient/p1") };
        var eob = new ExplanationOfBenefit { Id = "e1", Identifier = [new Identifier("https://payer/icn", "ICN-1")], Patient = new ResourceReference("Patient/p1") };

        var context = _builder.Build(PatientRecord.Create([claim, eob])).ShouldHaveSingleItem();

        context.ExplanationsOfBenefit.ShouldHaveSingleItem().ShouldBeSameAs(eob);
    }

    [Fact]
    public void GivenPriorAuthorizationResponse_WhenBuilt_ThenMatchedByPreAuthRefAndNotTreatedAsAdjudication()
    {
        var claim = new Claim
        {
            Id = "c1",
            Use = ClaimUseCode.Claim,
            Patient = new ResourceReference("Patient/p1"),
            Insurance = [new Claim.InsuranceComponent { Sequence = 1, Focal = true, PreAuthRef = ["PA-778"] }],
        };
        var preAuth = new ClaimResponse { Id = "pa1", Use = ClaimUseCode.Preauthorization, Patient = new ResourceReference("Patient/p1"), PreAuthRef = "PA-778" };
        var other = new ClaimResponse { Id = "pa2", Use = ClaimUseCode.Preauthorization, Patient = new ResourceReference("Patient/p1"), PreAuthRef = "PA-999" };

        var context = _builder.Build(PatientRecord.Create([claim, preAuth, other])).ShouldHaveSingleItem();

        context.PriorAuthorizations.ShouldHaveSingleItem().ShouldBeSameAs(preAuth);
        context.ClaimResponses.ShouldBeEmpty();
    }

    [Fact]
    public void GivenManyClaimsAndABusyPatient_WhenBuilt_ThenEveryClaimGetsItsOwnContext()
    {
        // 500 patients with 10 claims, plus one patient with 2,000 claims to catch per-patient quadratic work.
        const int patients = 500;
        const int claimsPerPatient = 10;
        const int busyPatientClaims = 2_000;
        var resources = new List<Resource>();
        for (var p = 0; p < patients; p++)
        {
            resources.Add(new Patient { Id = $"p{p}" });
            for (var c = 0; c < claimsPerPatient; c++)
            {
                var id = $"c{p}-{c}";
                resources.Add(new Claim
                {
                    Id = id,
                    Use = ClaimUseCode.Claim,
                    Patient = new ResourceReference($"Patient/p{p}"),
                    Created = $"2026-01-{c + 1:00}",
                    Item = [new Claim.ItemComponent { Sequence = 1, Serviced = new Date($"2026-01-{c + 1:00}") }],
                });
                resources.Add(new ClaimResponse { Id = "r" + id, Request = new ResourceReference("Claim/" + id), Outcome = ClaimProcessingCodes.Complete });
                resources.Add(new DocumentReference { Id = "d" + id, Subject = new ResourceReference($"Patient/p{p}"), Date = new DateTimeOffset(2026, 1, c + 1, 9, 0, 0, TimeSpan.Zero) });
            }
        }

        resources.Add(new Patient { Id = "busy" });
        for (var c = 0; c < busyPatientClaims; c++)
        {
            var date = new DateOnly(2020, 1, 1).AddDays(c).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            resources.Add(new Claim { Id = $"busy-{c}", Use = ClaimUseCode.Claim, Patient = new ResourceReference("Patient/busy"), Created = date });
            resources.Add(new DocumentReference { Id = $"busy-note-{c}", Subject = new ResourceReference("Patient/busy"), Context = new DocumentReference.ContextComponent { Period = new Period { Start = date } } });
        }

        var contexts = _builder.Build(PatientRecord.Create(resources));

        contexts.Count.ShouldBe((patients * claimsPerPatient) + busyPatientClaims);
        contexts.Single(c => c.Key == "Claim/busy-1999").EarlierClaims.Count.ShouldBe(1999);
        contexts.Single(c => c.Key == "Claim/busy-1000").Notes.Count.ShouldBe(15);
        contexts.Where(c => !c.Key.StartsWith("Claim/busy", StringComparison.Ordinal)).ShouldAllBe(c => c.ClaimResponses.Count == 1);
        contexts.Single(c => c.Key == "Claim/c7-9").EarlierClaims.Count.ShouldBe(9);
        contexts.Single(c => c.Key == "Claim/c7-9").Notes.Count.ShouldBe(8); // 2026-01-03 … 2026-01-10 are within 7 days of 2026-01-10
    }
}
