using FhirApp.Core.Appeals;
using FhirApp.Core.Claims;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.Extensions.Time.Testing;
using UglyToad.PdfPig;

namespace FhirApp.Core.Tests.Appeals;

public sealed class AppealServiceTests
{
    private static readonly Lazy<PatientRecord> Record = new(() => FhirFixtures.DemoRecord());

    private static readonly AppealContent Content = AppealContent.Load();

    private static AppealPacket Packet(string claimId) =>
        new AppealService(Content, new FakeTimeProvider(new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero))).Build(Context(claimId));

    private static string PdfText(PdfDocument pdf) => string.Join("\n", pdf.GetPages().Select(p => p.Text));

    private static ClaimContext Context(string claimId) => new ClaimContextBuilder().Build(Record.Value, claimId)!;

    private static CriterionResult Criterion(AppealPacket packet, string id) =>
        packet.Evidence.Sets.SelectMany(s => s.Criteria).Single(c => c.Criterion.Id == id);

    [Fact]
    public void GivenMaria20610DeniedCo197_WhenPacketBuilt_ThenEveryMedicalNecessityCriterionIsQuotedFromHerNote()
    {
        var packet = Packet("claim-maria-20610");

        var set = packet.Evidence.Sets.ShouldHaveSingleItem();
        set.Set.Id.ShouldBe("20610-knee-oa");
        set.Lines.ShouldBe([2]);
        set.Criteria.ShouldAllBe(c => c.Found);
        Criterion(packet, "failed-conservative-therapy").Evidence.ShouldContain(e => e.Quote.Contains("Completed 6 weeks of supervised physical therapy"));
        Criterion(packet, "imaging").Evidence.ShouldContain(e => e.Quote.Contains("Kellgren-Lawrence grade 3"));
        Criterion(packet, "duration").Evidence[0].Quote.ShouldContain("8 months in duration");
        var item = Criterion(packet, "symptoms").Evidence[0];
        item.DocumentId.ShouldBe("doc-maria-20610-note");
        item.Date.ShouldBe(new DateOnly(2026, 2, 10));
        item.Author.ShouldNotBeNull().ShouldContain("Patel");
        packet.Evidence.Missing.ShouldBeEmpty();
    }

    [Fact]
    public void GivenMaria20610_WhenLetterRendered_ThenAcmeTemplateQuotesTheNoteAndEverySentenceIsBacked()
    {
        var packet = Packet("claim-maria-20610");

        packet.Html.ShouldContain("Provider appeal: claim claim-maria-20610"); // the Acme override, not the default
        packet.Html.ShouldContain("CO-197");
        packet.Html.ShouldContain("Completed 6 weeks of supervised physical therapy");
        packet.Html.ShouldContain("policy MP-118");
        packet.Html.ShouldContain("M17.11");
        packet.Unbacked.ShouldBeEmpty();
    }

    [Fact]
    public void GivenGeneratedLetter_WhenAQuoteIsEditedToAClaimTheChartDoesNotSupport_ThenTheBackingCheckFailsIt()
    {
        var packet = Packet("claim-maria-20610");
        var context = Context("claim-maria-20610");
        AppealService.CheckBacking(packet.Html, context).ShouldBeEmpty();

        var edited = packet.Html.Replace("Completed 6 weeks of supervised physical therapy", "Completed 12 weeks of supervised physical therapy", StringComparison.Ordinal);
        var failures = AppealService.CheckBacking(edited, context);

        // The sentence is quoted for two criteria (failed therapy, its duration): both quotes fail.
        failures.ShouldNotBeEmpty();
        failures.ShouldAllBe(f => f.Text.Contains("12 weeks") && f.Source == "DocumentReference/doc-maria-20610-note");
    }

    [Fact]
    public void GivenGeneratedLetter_WhenADiagnosisOrASourceIsChanged_ThenTheBackingCheckFailsIt()
    {
        var packet = Packet("claim-maria-20610");
        var context = Context("claim-maria-20610");

        AppealService.CheckBacking(packet.Html.Replace(">M17.11", ">M17.12", StringComparison.Ordinal), context).ShouldNotBeEmpty();
        AppealService.CheckBacking(packet.Html.Replace("DocumentReference/doc-maria-20610-note", "DocumentReference/doc-maria-initial-note", StringComparison.Ordinal), context)
            .ShouldNotBeEmpty();
        var added = packet.Html.Replace("</section>", "<p class=\"clinical\" data-source=\"DocumentReference/doc-maria-20610-note\">Patient failed 6 months of bracing.</p></section>", StringComparison.Ordinal);
        AppealService.CheckBacking(added, context).ShouldNotBeEmpty();
    }

    [Fact]
    public void GivenJames90837WithoutTimes_WhenPacketBuilt_ThenSessionTimesAreMissingAndContentIsQuoted()
    {
        var packet = Packet("claim-james-90837");

        Criterion(packet, "session-times").Found.ShouldBeFalse();
        Criterion(packet, "session-content").Evidence[0].Quote.ShouldContain("Cognitive behavioral therapy");
        packet.Evidence.Missing.ShouldContain(m => m.Criterion.Id == "session-times");
        packet.Html.ShouldContain("Not found in the attached records.");
        packet.Unbacked.ShouldBeEmpty();
    }

    [Fact]
    public void GivenRobertChondroplastyInTheSameCompartment_WhenPacketBuilt_ThenDistinctCompartmentIsMissing()
    {
        var packet = Packet("claim-robert-arthroscopy");

        packet.Evidence.Sets.ShouldHaveSingleItem().Set.Id.ShouldBe("29877-distinct-compartment");
        Criterion(packet, "distinct-compartment").Found.ShouldBeFalse();
    }

    [Fact]
    public void GivenLindaP3OnMedicare_WhenPacketBuilt_ThenComorbiditiesWithA1cAreQuotedAndTheRedeterminationDeadlineIsSet()
    {
        var packet = Packet("claim-linda-anesthesia");

        Criterion(packet, "comorbidity").Found.ShouldBeTrue();
        Criterion(packet, "comorbidity-value").Evidence.ShouldContain(e => e.Quote.Contains("A1c 9.2%"));
        packet.Letter.AppealLevel.ShouldNotBeNull().ShouldContain("redetermination");
        var decision = ClaimDisplayMapper.ToDetail(Context("claim-linda-anesthesia")).Adjudications[0].Date!.Value;
        packet.Letter.AppealDeadline.ShouldBe(decision.AddDays(120).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        packet.Unbacked.ShouldBeEmpty();
    }

    [Fact]
    public void GivenPacket_WhenPdfRead_ThenPdfPigReadsTheQuoteBack()
    {
        var packet = Packet("claim-maria-20610");

        using var pdf = PdfDocument.Open(packet.Pdf);
        var text = PdfText(pdf);
        text.ShouldContain("Kellgren-Lawrence grade 3");
        text.ShouldContain("claim-maria-20610");
    }

    [Fact]
    public void GivenLongLetter_WhenPdfWritten_ThenLinesWrapOntoSeveralPages()
    {
        var paragraph = string.Join(" ", Enumerable.Repeat("Naproxen for 4 months with partial relief.", 30));
        var html = "<html><body>" + string.Concat(Enumerable.Repeat($"<p>{paragraph}</p>", 12)) + "<p>THE-END-MARKER</p></body></html>";

        using var pdf = PdfDocument.Open(LetterPdf.Write(html, "test"));

        pdf.NumberOfPages.ShouldBeGreaterThan(1);
        PdfText(pdf).ShouldContain("THE-END-MARKER");
        pdf.GetPages().SelectMany(p => p.Letters).ShouldAllBe(l => l.BoundingBox.Right <= 612 - 54 + 1);
    }

    [Fact]
    public void GivenPacket_WhenFhirOutputsBuilt_ThenDocumentReferencePointsAtTheClaimAndCdexParametersCarryIt()
    {
        var packet = Packet("claim-maria-20610");

        var document = packet.Document;
        document.Content.ShouldHaveSingleItem().Attachment!.ContentType.ShouldBe("application/pdf");
        document.Content[0].Attachment!.Data.ShouldBe(packet.Pdf);
        document.Context!.Related.Select(r => r.Reference).ShouldContain("Claim/claim-maria-20610");
        document.Subject!.Reference.ShouldBe("Patient/p-maria-lopez");

        var parameters = packet.SubmitAttachment;
        parameters.Meta!.Profile.ShouldContain(AppealFhirOutputs.SubmitAttachmentProfile);
        parameters.Parameter.Select(p => p.Name).ShouldBe(["TrackingId", "AttachTo", "PayerId", "OrganizationId", "ProviderId", "MemberId", "ServiceDate", "Attachment", "Attachment"]);
        ((Code)parameters.GetSingle("AttachTo")!.Value!).Value.ShouldBe("claim");
        var attachments = parameters.Parameter.Where(p => p.Name == "Attachment").ToList();
        attachments[0].Part.Single(p => p.Name == "Content").Resource.ShouldBeSameAs(document);
        attachments[0].Part.Where(p => p.Name == "LineItem").Select(p => ((FhirString)p.Value!).Value).ShouldBe(["2"]);
        ((DocumentReference)attachments[1].Part.Single(p => p.Name == "Content").Resource!).Id.ShouldBe("doc-maria-20610-note");
        // Valid FHIR JSON that round-trips.
        var json = new FhirJsonSerializer().SerializeToString(parameters);
        new FhirJsonDeserializer().Deserialize<Parameters>(json).Parameter.Count.ShouldBe(9);
    }

    [Fact]
    public void GivenAPacket_WhenBuilt_ThenTheDocumentCarriesNoIdButAnIdentifierForTheClaimAndLetterThatIsAlsoTheCdexTrackingId()
    {
        var packet = Packet("claim-maria-20610");

        packet.Document.Id.ShouldBeNull("the EHR assigns the id on create");
        var identifier = packet.Document.Identifier.ShouldHaveSingleItem();
        identifier.System.ShouldBe(FhirApp.Core.Common.FhirAppSystems.AppealPacket);
        identifier.Value.ShouldNotBeNull().ShouldMatch("^claim-maria-20610-[0-9a-f]{16}$");
        var tracking = (Identifier)packet.SubmitAttachment.GetSingle("TrackingId")!.Value!;
        (tracking.System, tracking.Value).ShouldBe((identifier.System, identifier.Value));
    }

    [Fact]
    public void GivenTheSameLetter_WhenTheFinalDocumentIsBuiltAgain_ThenTheSameIdentifierSoARetryFindsThePacketAlreadySent()
    {
        var context = Context("claim-maria-20610");
        var service = new AppealService(Content, new FakeTimeProvider(new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero)));
        var html = service.Build(context).Html;

        var first = service.FinalDocument(context, AppealService.Pdf(html, "claim-maria-20610"));
        var again = service.FinalDocument(context, AppealService.Pdf(html, "claim-maria-20610"));
        var edited = service.FinalDocument(context, AppealService.Pdf(html.Replace("</body>", "<p>One more sentence.</p></body>", StringComparison.Ordinal), "claim-maria-20610"));

        again.Identifier.Single().Value.ShouldBe(first.Identifier.Single().Value);
        edited.Identifier.Single().Value.ShouldNotBe(first.Identifier.Single().Value);
    }
}
