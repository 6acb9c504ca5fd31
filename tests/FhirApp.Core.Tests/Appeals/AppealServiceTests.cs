using FhirApp.Core.Appeals;
using FhirApp.Core.Denials;
using FhirApp.Core.Documentation;
using FhirApp.Core.Scrubbing;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.Extensions.Time.Testing;

namespace FhirApp.Core.Tests.Appeals;

public sealed class AppealServiceTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 6, 10, 9, 0, 0, TimeSpan.Zero));

    private static AppealPacket Demo(string claimId) => Demo(claimId, Clock);

    private static AppealPacket Demo(string claimId, TimeProvider clock) => AppealTestKit.Service(clock).Build(AppealTestKit.DemoContext(claimId));

    private static AppealPacket Grace(AppealRequest? request = null) => AppealTestKit.Service(Clock).Build(AppealTestKit.GraceContext(), request);

    private static LineDecision Line(AppealPacket packet, int line) => packet.Decisions.Single(d => d.Line == line);

    [Fact]
    public void GivenEvaluationAndDoseDenied_WhenPacketBuilt_ThenBothLinesAreAppealedWithArgumentsFromTheNote()
    {
        var packet = Grace();

        var visit = Line(packet, 1);
        (visit.Action, visit.Mechanism, visit.Reason).ShouldBe((DenialRoute.Appeal, AppealMechanism.MedicalNecessity, "CO-50"));
        visit.Evidence!.Primary.Set.Id.ShouldBe("office-visit");
        visit.Evidence.Primary.Complete.ShouldBeTrue();
        var dose = Line(packet, 3);
        (dose.Action, dose.Mechanism, dose.Reason).ShouldBe((DenialRoute.Appeal, AppealMechanism.Units, "CO-151"));
        var doseCriterion = dose.Evidence!.Primary.Criteria.Single(c => c.Criterion.Id == "dose");
        doseCriterion.Evidence.ShouldContain(e => e.Kind == EvidenceKind.Quote && e.Text.Contains("40 mg triamcinolone", StringComparison.Ordinal));
        doseCriterion.Evidence.ShouldContain(e => e.Kind == EvidenceKind.Derived && e.Text == "40 mg at 10 mg per billing unit gives 4 units.");
        packet.Decisions.Select(d => d.Line).ShouldBe([1, 3], "the paid 20610 is not a denial");

        packet.NoLetter.ShouldBeNull();
        var letter = packet.Letter.ShouldNotBeNull();
        letter.Arguments.Select(a => a.Line).ShouldBe([1, 3]);
        letter.Arguments.ShouldAllBe(a => a.Points.Count > 0);
        letter.AppealedLines.ShouldBe("1 and 3");
        packet.Html.ShouldNotBeNull().ShouldContain("reverse the denial of lines 1 and 3");
        packet.Unbacked.ShouldBeEmpty();
    }

    [Fact]
    public void GivenMedicareDenial_WhenLetterRendered_ThenItIsARedeterminationWithTheCms20027FieldsAndThePayersNumbersNotOurIds()
    {
        var packet = Grace();
        var html = packet.Html.ShouldNotBeNull();

        packet.Form.ShouldBe(AppealForm.MedicareRedetermination);
        packet.Letter!.Title.ShouldBe("Request for Medicare redetermination");
        foreach (var field in new[] { "1. Beneficiary's name", "2. Medicare number", "3. Item or service appealed", "4. Date the service was received", "5. Date of the initial determination notice", "6. Contractor that made the determination", "8. Requester and relationship", "10. Evidence submitted" })
        {
            html.ShouldContain(field);
        }

        html.ShouldContain("3C47KM2TW58");
        html.ShouldContain("ICN-26153000123");
        html.ShouldContain("RO-GRACE-0512");
        html.ShouldContain("Riverside Orthopedics &amp; Specialty Care");
        html.ShouldContain("1200 W Riverside Ave");
        var visible = System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", " ");
        visible.ShouldNotContain("claim-grace-visit");
        visible.ShouldNotContain("doc-grace-visit-note");
        visible.ShouldNotContain("eob-grace-visit");
    }

    [Fact]
    public void GivenTheLetter_WhenPointsArePrinted_ThenEachQuoteIsSaidOnceEvenWhenItMeetsSeveralCriteria()
    {
        var letter = Grace().Letter.ShouldNotBeNull();

        var printed = letter.Arguments.SelectMany(a => a.Points).Where(p => p.RefersTo == 0).ToList();
        printed.Select(p => (p.Source, p.Text)).Distinct().Count().ShouldBe(printed.Count);
        printed.Select(p => p.Number).ShouldBe(Enumerable.Range(1, printed.Count));
    }

    [Fact]
    public void GivenTheOneDeadlineOwner_WhenTheLetterIsBuilt_ThenItsDateIsThePayerWindowFromTheDecisionDate()
    {
        var packet = Grace();
        var expected = new DenialDeadlines(AppealTestKit.Rules.Payers, Clock).For("org-payer-medicare", new DateOnly(2026, 6, 2), new DateOnly(2026, 5, 12), DenialRoute.Appeal).ShouldNotBeNull();

        packet.Deadline.ShouldBe(expected);
        expected.Date.ShouldBe(new DateOnly(2026, 9, 30));
        packet.Letter!.Deadline.ShouldBe("2026-09-30");
        Line(packet, 1).Deadline.ShouldBe(expected);
    }

    [Fact]
    public void GivenARedeterminationUpheld_WhenTheNextLevelIsBuilt_ThenItIsAReconsiderationDueWithinItsWindowOfTheRedetermination()
    {
        var upheld = new DateOnly(2026, 8, 14);

        var packet = Grace(new AppealRequest { Level = 1, PriorDecision = upheld, PriorReference = "RD-77812", Lines = [1, 3] });

        (packet.Level, packet.LevelName, packet.Form).ShouldBe((1, "reconsideration", AppealForm.MedicareReconsideration));
        packet.Deadline!.Date.ShouldBe(upheld.AddDays(180));
        var html = packet.Html.ShouldNotBeNull();
        html.ShouldContain("the fields of form CMS-20033");
        html.ShouldContain("RD-77812");
        html.ShouldContain("5. Date of the redetermination notice");
        packet.Letter!.DecisionDate.ShouldBe("2026-08-14");
        packet.Unbacked.ShouldBeEmpty();
    }

    [Fact]
    public void GivenMaria20610DeniedForAuthorizationThatDoesNotCoverTheDate_WhenDecided_ThenARetroAuthorizationRequestArguesNecessityNotAnAppeal()
    {
        var packet = Demo("claim-maria-20610");

        var line = Line(packet, 2);
        (line.Action, line.Mechanism).ShouldBe((DenialRoute.RetroAuthorization, AppealMechanism.Authorization));
        line.Why.ShouldContain("does not cover the 2026-02-10 date of service");
        line.Evidence!.Primary.Criteria.Single().Contradicted.ShouldBeTrue();
        var necessity = line.Evidence.Supporting.ShouldNotBeNull();
        necessity.Set.Id.ShouldBe("knee-injection-oa");
        necessity.Criteria.Where(c => c.Criterion.IsQuote).ShouldAllBe(c => c.Found);
        packet.Letter!.Title.ShouldBe("Request for retroactive authorization");
        packet.Html.ShouldNotBeNull().ShouldContain("grant a retroactive authorization for line 2");
        packet.Deadline!.Date.ShouldBe(new DateOnly(2026, 2, 24).AddDays(180));
        packet.Unbacked.ShouldBeEmpty();
    }

    [Fact]
    public void GivenJames90837WithoutSessionTimesAndWeeksLeft_WhenDecided_ThenTheClinicianIsAskedAndNoLetterIsWritten()
    {
        // BluePeak's first-level window closes 2026-06-16; on 2026-05-01 there is time for an addendum.
        var packet = Demo("claim-james-90837", new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 9, 0, 0, TimeSpan.Zero)));

        var line = Line(packet, 1);
        line.Action.ShouldBe(DenialRoute.AskClinician, line.Why);
        line.ToAsk.Select(c => c.Id).ShouldBe(["session-times"]);
        line.Why.ShouldContain("David Kim");
        line.Why.ShouldContain("start and end times of the session");
        packet.Letter.ShouldBeNull();
        packet.Html.ShouldBeNull();
        packet.Pdf.ShouldBeNull();
        packet.NoLetter.ShouldNotBeNull().ShouldContain("line 1 waits for the clinician's answer");
    }

    [Fact]
    public void GivenJames90837WithoutSessionTimesAndDaysLeft_WhenDecided_ThenItIsAppealedNowWithWhatTheNoteShowsAndSaysWhy()
    {
        // 2026-06-10: six days before the window closes, fewer than the ten an addendum takes.
        var packet = Demo("claim-james-90837");

        var line = Line(packet, 1);
        line.Action.ShouldBe(DenialRoute.Appeal, line.Why);
        line.Why.ShouldBe("Appeal line 1 (90837) now with what the note shows (1 point); it does not show start and end times of the session, and only 6 days are left.");
        packet.NoLetter.ShouldBeNull();
        packet.Letter.ShouldNotBeNull().Arguments.ShouldHaveSingleItem().Points.ShouldNotBeEmpty();
    }

    [Fact]
    public void GivenChondroplastyBilledWithMeniscectomy_WhenDecided_ThenItIsWrittenOffBecauseTheCodesCanNeverBeSeparated()
    {
        // Before the first-level window closes (2026-05-07), so the reason is the codes, not the date.
        var line = Line(Demo("claim-robert-arthroscopy", new FakeTimeProvider(new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero))), 2);

        (line.Action, line.Mechanism, line.AdjustmentReason).ShouldBe((DenialRoute.WriteOff, AppealMechanism.DistinctProcedure, "CO-236"));
        line.Why.ShouldContain("never reported apart from 29881");
    }

    [Fact]
    public void GivenCoverageTerminatedPr27_WhenDecided_ThenNoAppealButThePatientIsBilledAndNoLetterIsWritten()
    {
        var packet = Demo("claim-robert-coverage-ended");

        packet.Decisions.ShouldNotBeEmpty();
        packet.Decisions.ShouldAllBe(d => d.Action == DenialRoute.BillPatient && d.Mechanism == AppealMechanism.Eligibility);
        packet.Decisions[0].Why.ShouldContain("was not in force on 2026-04-14");
        packet.Letter.ShouldBeNull();
        (packet.Html, packet.Pdf, packet.Document).ShouldBe((null, null, null));
        packet.NoLetter.ShouldBe("No letter: no line of this claim is worth appealing; each line's decision says what to do instead.");
    }

    [Fact]
    public void GivenTheFirstLevelWindowClosed_WhenDecided_ThenTheLineIsFlaggedLateAndWrittenOffWithItsDateNotAppealed()
    {
        // 2026-06-10: BluePeak's 90-day first-level window for Robert's arthroscopy closed on 2026-05-07.
        var packet = Demo("claim-robert-arthroscopy");

        var line = Line(packet, 2);
        (line.Action, line.AdjustmentReason).ShouldBe((DenialRoute.WriteOff, "CO-236"));
        line.Why.ShouldBe("The first-level appeal window closed on 2026-05-07: nothing can be recovered, so adjust it off with CO-236.");
        packet.Deadline.ShouldNotBeNull().Date.ShouldBe(new DateOnly(2026, 5, 7));
        packet.Letter.ShouldBeNull();
        packet.NoLetter.ShouldNotBeNull();
    }

    [Fact]
    public void GivenAPaidClaim_WhenBuilt_ThenThereIsNothingToAppealAndNoLetter()
    {
        var packet = Demo("claim-linda-anesthesia");

        packet.Decisions.ShouldBeEmpty();
        packet.NoLetter.ShouldNotBeNull().ShouldContain("No line of this claim was denied");
        packet.LevelName.ShouldBe("redetermination");
    }

    [Fact]
    public void GivenGeneratedLetter_WhenAQuoteOrAComputedFigureIsEdited_ThenTheBackingCheckFailsIt()
    {
        var service = AppealTestKit.Service(Clock);
        var context = AppealTestKit.GraceContext();
        var html = service.Build(context).Html!;
        service.CheckBacking(html, context).ShouldBeEmpty();

        var quote = service.CheckBacking(html.Replace("40 mg triamcinolone", "80 mg triamcinolone", StringComparison.Ordinal), context);
        quote.ShouldNotBeEmpty();
        quote.ShouldAllBe(f => f.Source == "DocumentReference/doc-grace-visit-note");
        service.CheckBacking(html.Replace("gives 4 units", "gives 6 units", StringComparison.Ordinal), context).ShouldHaveSingleItem().Reason.ShouldBe("the figures do not compute as written");
        service.CheckBacking(html.Replace(">3C47KM2TW58<", ">3C47KM2TW59<", StringComparison.Ordinal), context).ShouldBeEmpty("the member id in the field table is not a clinical statement");
        service.CheckBacking(html.Replace(">J3301: 4 units<", ">J3301: 6 units<", StringComparison.Ordinal), context).ShouldHaveSingleItem().Reason.ShouldBe("not a coded value of the claim");
    }

    [Fact]
    public void GivenPacket_WhenFhirOutputsBuilt_ThenDocumentReferencePointsAtTheClaimAndCdexParametersCarryIt()
    {
        var packet = Grace();

        var document = packet.Document.ShouldNotBeNull();
        document.Content.ShouldHaveSingleItem().Attachment!.ContentType.ShouldBe("application/pdf");
        document.Content[0].Attachment!.Data.ShouldBe(packet.Pdf);
        document.Context!.Related.Select(r => r.Reference).ShouldContain("Claim/claim-grace-visit");
        document.Description.ShouldBe("Appeal: claim ICN-26153000123");
        var parameters = packet.SubmitAttachment.ShouldNotBeNull();
        parameters.Meta!.Profile.ShouldContain(AppealFhirOutputs.SubmitAttachmentProfile);
        parameters.Parameter.Select(p => p.Name).ShouldBe(["TrackingId", "AttachTo", "PayerId", "OrganizationId", "ProviderId", "MemberId", "ServiceDate", "Attachment", "Attachment"]);
        var attachments = parameters.Parameter.Where(p => p.Name == "Attachment").ToList();
        attachments[0].Part.Where(p => p.Name == "LineItem").Select(p => ((FhirString)p.Value!).Value).ShouldBe(["1", "3"]);
        ((DocumentReference)attachments[1].Part.Single(p => p.Name == "Content").Resource!).Id.ShouldBe("doc-grace-visit-note");
        var json = new FhirJsonSerializer().SerializeToString(parameters);
        new FhirJsonDeserializer().Deserialize<Parameters>(json).Parameter.Count.ShouldBe(9);
    }

    [Fact]
    public void GivenTheSameLetter_WhenTheFinalDocumentIsBuiltAgain_ThenTheSameIdentifierSoARetryFindsThePacketAlreadySent()
    {
        var context = AppealTestKit.GraceContext();
        var service = AppealTestKit.Service(Clock);
        var html = service.Build(context).Html!;

        var first = service.FinalDocument(context, AppealService.Pdf(html, "claim X"), "claim X");
        var again = service.FinalDocument(context, AppealService.Pdf(html, "claim X"), "claim X");
        var edited = service.FinalDocument(context, AppealService.Pdf(html.Replace("</body>", "<p>One more sentence.</p></body>", StringComparison.Ordinal), "claim X"), "claim X");

        again.Identifier.Single().Value.ShouldBe(first.Identifier.Single().Value);
        edited.Identifier.Single().Value.ShouldNotBe(first.Identifier.Single().Value);
        first.DocStatus.ShouldBe(CompositionStatus.Final);
    }
}
