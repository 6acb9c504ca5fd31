using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Hl7.Fhir.Model;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace FhirApp.Core.Claims;

/// <summary>
/// The text of a claim's notes, for the documentation checks, the score and the appeal evidence: inline text/plain and
/// text/html through <see cref="ClinicalNoteText"/>, inline PDF through PdfPig, inline C-CDA as its sections' titles and
/// narrative. Attachments come from the EHR and may be hostile: each is read within limits on bytes, PDF pages and time,
/// and any failure of a parser leaves that one note unread with a plain reason, never failing the page, queue or batch.
/// Not read (rules do no I/O): attachments given only by URL, and scanned PDFs without a text layer.
/// Each note is read once per resource instance (several features ask for the same note).
/// </summary>
public static class NoteTextReader
{
    /// <summary>Largest attachment read, of any kind: a note's text is kilobytes; anything past this is not a note.</summary>
    public const int MaxAttachmentBytes = 10 * 1024 * 1024;

    /// <summary>PDF pages read; a longer PDF is read up to here.</summary>
    public const int MaxPdfPages = 100;

    /// <summary>Time spent on one PDF, checked between pages: a PDF that takes longer is read up to there.</summary>
    public static readonly TimeSpan MaxPdfTime = TimeSpan.FromSeconds(5);

    private static readonly ConditionalWeakTable<DocumentReference, NoteReading> Readings = [];

    /// <summary>The readable texts, and how many notes could not be read.</summary>
    public static (IReadOnlyList<string> Texts, int Unread) Read(IEnumerable<DocumentReference> notes)
    {
        var texts = new List<string>();
        var unread = 0;
        foreach (var note in notes)
        {
            if (ReadOne(note) is { Length: > 0 } text)
            {
                texts.Add(text);
            }
            else
            {
                unread++;
            }
        }
        return (texts, unread);
    }

    /// <summary>One note's text (text, HTML, PDF or C-CDA), or null when none can be read.</summary>
    public static string? ReadOne(DocumentReference note) => Reading(note).Text;

    /// <summary>Why a note has no text, in words for a biller; null when it was read.</summary>
    public static string? Problem(DocumentReference note) => Reading(note).Problem;

    private static NoteReading Reading(DocumentReference note)
    {
        ArgumentNullException.ThrowIfNull(note);
        return Readings.GetValue(note, ReadNote);
    }

    private static NoteReading ReadNote(DocumentReference note)
    {
        var attachments = note.Content.Select(c => c.Attachment).Where(a => a?.Data is { Length: > 0 }).ToList();
        if (attachments.Count == 0)
        {
            return new(null, note.Content.Any(c => c.Attachment?.Url is not null)
                ? "Its text is only at a link, which FhirApp does not follow."
                : "It has no text attached.");
        }
        if (attachments.Find(a => a.Data!.Length > MaxAttachmentBytes) is { } huge)
        {
            return new(null, $"Its attachment is {huge.Data!.Length / (1024 * 1024)} MB, more than a note can be ({MaxAttachmentBytes / (1024 * 1024)} MB): it was not read.");
        }
        try
        {
            if (ClinicalNoteText.Read(note) is { Length: > 0 } text)
            {
                return new(text, null);
            }
        }
        catch (RegexMatchTimeoutException)
        {
            return new(null, "Its HTML could not be reduced to text in time: it was not read.");
        }
        var pdf = ReadPdf(attachments);
        if (pdf.Text is not null || attachments.Exists(a => IsType(a, "application/pdf")))
        {
            return pdf;
        }
        return ReadCda(attachments) ?? new(null, "Its attachment is of a kind FhirApp cannot read (text, HTML, PDF and C-CDA can be read).");
    }

    private static NoteReading ReadPdf(List<Attachment> attachments)
    {
        if (attachments.Find(a => IsType(a, "application/pdf")) is not { Data: { } data })
        {
            return new(null, null);
        }
        try
        {
            using var document = PdfDocument.Open(data, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
            var clock = Stopwatch.StartNew();
            var pages = new List<string>();
            foreach (var page in document.GetPages())
            {
                pages.Add(ContentOrderTextExtractor.GetText(page));
                if (pages.Count >= MaxPdfPages || clock.Elapsed > MaxPdfTime)
                {
                    break; // what was read so far is the note's text
                }
            }
            var text = string.Join("\n", pages);
            return string.IsNullOrWhiteSpace(text) ? new(null, "Its PDF has no text layer (a scan?): it was not read.") : new(text, null);
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or InsufficientExecutionStackException))
        {
            // A damaged or hostile PDF is an unread note, whatever the parser threw.
            return new(null, "Its PDF is damaged or not a PDF: it was not read.");
        }
    }

    private static readonly XNamespace Hl7 = "urn:hl7-org:v3";

    /// <summary>
    /// A C-CDA document's section titles and narrative blocks, one line per paragraph, list item or table row.
    /// Only the human-readable narrative: that is what a reviewer reads and what a quote can be checked against.
    /// </summary>
    private static NoteReading? ReadCda(List<Attachment> attachments)
    {
        if (attachments.Find(a => a.ContentType?.Split(';')[0].Trim().ToLowerInvariant() is "application/xml" or "text/xml" or "application/hl7-cda+xml") is not { Data: { } data })
        {
            return null;
        }
        try
        {
            using var stream = new MemoryStream(data);
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxAttachmentBytes });
            var document = XDocument.Load(reader);
            if (document.Root?.Name != Hl7 + "ClinicalDocument")
            {
                return new(null, "Its XML is not a clinical document: it was not read.");
            }
            var lines = new List<string>();
            foreach (var section in document.Descendants(Hl7 + "section"))
            {
                if (section.Element(Hl7 + "title")?.Value.Trim() is { Length: > 0 } title)
                {
                    lines.Add(title);
                }
                if (section.Element(Hl7 + "text") is { } narrative)
                {
                    var blocks = narrative.Descendants().Where(e => e.Name.LocalName is "paragraph" or "item" or "tr").ToList();
                    lines.AddRange((blocks.Count > 0 ? blocks.Where(b => !b.Ancestors().Any(blocks.Contains)).Select(b => b.Value) : [narrative.Value])
                        .Select(t => string.Join(' ', t.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)))
                        .Where(t => t.Length > 0));
                }
            }
            return lines.Count == 0 ? new(null, "Its clinical document has no narrative text.") : new(string.Join("\n", lines), null);
        }
        catch (XmlException)
        {
            return new(null, "Its XML is damaged: it was not read.");
        }
    }

    private static bool IsType(Attachment attachment, string type) =>
        attachment.ContentType?.Split(';')[0].Trim().Equals(type, StringComparison.OrdinalIgnoreCase) == true;

    private sealed record NoteReading(string? Text, string? Problem);
}
