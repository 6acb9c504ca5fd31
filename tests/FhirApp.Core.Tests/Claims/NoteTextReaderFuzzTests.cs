using System.Text;
using FhirApp.Core.Claims;
using FhirApp.Core.Scrubbing.Rules;
using FhirApp.Core.Tests.Scrubbing;
using Hl7.Fhir.Model;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace FhirApp.Core.Tests.Claims;

/// <summary>
/// Note attachments come from the EHR and may be hostile: malformed, truncated and oversized PDFs (and HTML, XML) each
/// leave that one note unread with a plain reason, and never throw out of the reader or the scrubber.
/// </summary>
public sealed class NoteTextReaderFuzzTests
{
    private static byte[] Pdf(int pages, string text = "Session start time: 14:02. Session end time: 14:58.")
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        for (var i = 1; i <= pages; i++)
        {
            builder.AddPage(PageSize.Letter).AddText($"page {i}: {text}", 11, new PdfPoint(40, 700), font);
        }
        return builder.Build();
    }

    private static DocumentReference Note(byte[] data, string contentType = "application/pdf", string id = "doc-fuzz") => new()
    {
        Id = id,
        Status = DocumentReferenceStatus.Current,
        Subject = new ResourceReference("Patient/p-test"),
        Date = new DateTimeOffset(2026, 10, 2, 12, 0, 0, TimeSpan.Zero),
        Content = [new() { Attachment = new Attachment { ContentType = contentType, Data = data } }],
    };

    /// <summary>One mutation of a valid PDF: flipped bytes, a truncation, a duplicated or deleted run, a huge number, deep nesting.</summary>
    private static byte[] Mutate(byte[] pdf, Random random)
    {
        var bytes = pdf.ToList();
        switch (random.Next(7))
        {
            case 0:
                for (var i = 0; i < 1 + random.Next(20); i++)
                {
                    bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                }
                break;
            case 1:
                return [.. bytes.Take(random.Next(bytes.Count))];
            case 2:
                var at = random.Next(bytes.Count);
                var length = Math.Min(random.Next(1, 400), bytes.Count - at);
                bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                break;
            case 3:
                var from = random.Next(bytes.Count);
                bytes.RemoveRange(from, Math.Min(random.Next(1, 400), bytes.Count - from));
                break;
            case 4:
                return Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(pdf)
                    .Replace("/Length ", "/Length 99999999999", StringComparison.Ordinal)
                    .Replace("/Count ", "/Count 2147483647", StringComparison.Ordinal));
            case 5:
                bytes.InsertRange(random.Next(bytes.Count), Encoding.ASCII.GetBytes(new string('[', 50_000) + new string(']', 50_000)));
                break;
            default:
                return Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(pdf)
                    .Replace("xref", "xrfe", StringComparison.Ordinal).Replace("endobj", "endbj", StringComparison.Ordinal));
        }
        return [.. bytes];
    }

    [Fact]
    public void GivenTwoThousandMalformedPdfs_WhenRead_ThenNoneThrowsAndEachIsReadOrUnreadWithAReason()
    {
        var random = new Random(20261207);
        var seeds = new[] { Pdf(1), Pdf(3), Pdf(12) };
        var unread = 0;
        for (var i = 0; i < 2000; i++)
        {
            var note = Note(Mutate(seeds[i % seeds.Length], random));

            var text = NoteTextReader.ReadOne(note);
            var problem = NoteTextReader.Problem(note);

            (text is null).ShouldBe(problem is not null, $"mutation {i}: a note is read, or unread with a reason");
            unread += text is null ? 1 : 0;
        }
        unread.ShouldBeGreaterThan(0, "the mutations do damage PDFs");
    }

    [Fact]
    public void GivenAnAttachmentOverTheByteLimit_WhenRead_ThenItIsNotParsedAndTheReasonSaysWhy()
    {
        var note = Note(new byte[NoteTextReader.MaxAttachmentBytes + 1]);

        NoteTextReader.ReadOne(note).ShouldBeNull();
        (NoteTextReader.Problem(note) ?? "").ShouldContain("more than a note can be");
    }

    [Fact]
    public void GivenAPdfLongerThanThePageLimit_WhenRead_ThenItsFirstPagesAreTheText()
    {
        var text = NoteTextReader.ReadOne(Note(Pdf(NoteTextReader.MaxPdfPages + 20))) ?? "";

        text.ShouldContain($"page {NoteTextReader.MaxPdfPages}:");
        text.ShouldNotContain($"page {NoteTextReader.MaxPdfPages + 1}:");
    }

    [Theory]
    [InlineData("application/pdf", "%PDF-1.7 this is not a pdf at all")]
    [InlineData("application/xml", "<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><section>")]
    [InlineData("application/xml", "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><ClinicalDocument xmlns=\"urn:hl7-org:v3\">&b;</ClinicalDocument>")]
    [InlineData("image/tiff", "II*\0")]
    public void GivenADamagedOrUnreadableAttachment_WhenRead_ThenTheNoteIsUnreadWithAReason(string contentType, string content)
    {
        var note = Note(Encoding.UTF8.GetBytes(content), contentType);

        NoteTextReader.ReadOne(note).ShouldBeNull();
        NoteTextReader.Problem(note).ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void GivenHostileHtml_WhenRead_ThenItIsReducedOrUnreadWithoutThrowing()
    {
        var html = "<script>" + string.Concat(Enumerable.Repeat("<scrip", 200_000)) + "<p>Session 10:00-10:55</p>";
        var note = Note(Encoding.UTF8.GetBytes(html), "text/html");

        (NoteTextReader.ReadOne(note) is null).ShouldBe(NoteTextReader.Problem(note) is not null);
    }

    [Fact]
    public void GivenAClaimWhoseNotesAreAllDamaged_WhenScrubbed_ThenTheScrubFinishesAndSaysTheNotesWereNotRead()
    {
        var pdf = Pdf(2);
        var claim = new ClaimLevelRuleClaims().Line("90837");
        foreach (var cut in new[] { 8, 40, 90, 150 })
        {
            claim.Add(Note(pdf[..cut], id: $"doc-cut-{cut}"));
        }
        claim.Add(Note(Encoding.ASCII.GetBytes("%PDF-1.7 " + new string('x', 5000)), id: "doc-garbage"));
        claim.Add(Note(new byte[NoteTextReader.MaxAttachmentBytes + 1], id: "doc-huge"));

        var finding = claim.Run<NoteDocumentationRule>().ShouldHaveSingleItem();

        finding.Trigger.ShouldContain("notes not read (no inline text or PDF text) = 6");
    }
}
