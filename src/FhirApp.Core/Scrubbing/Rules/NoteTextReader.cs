using System.Xml;
using System.Xml.Linq;
using FhirApp.Core.Claims;
using Hl7.Fhir.Model;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace FhirApp.Core.Scrubbing.Rules;

/// <summary>
/// The text of a claim's notes for the documentation checks: inline text/plain and text/html through
/// <see cref="ClinicalNoteText"/>, inline PDF through PdfPig, inline C-CDA as its sections' titles and narrative. Not read (rules do no I/O): attachments given only by URL,
/// and scanned PDFs without a text layer; both are counted so a finding can say a note was left unread.
/// </summary>
internal static class NoteTextReader
{
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
    public static string? ReadOne(DocumentReference note) => ClinicalNoteText.Read(note) ?? ReadPdf(note) ?? ReadCda(note);

    internal static string? ReadPdf(DocumentReference note)
    {
        var pdf = note.Content.Select(c => c.Attachment)
            .FirstOrDefault(a => a?.Data is { Length: > 0 } && a.ContentType?.Split(';')[0].Trim().Equals("application/pdf", StringComparison.OrdinalIgnoreCase) == true);
        if (pdf?.Data is not { } data)
        {
            return null;
        }
        try
        {
            using var document = PdfDocument.Open(data);
            var text = string.Join("\n", document.GetPages().Select(p => ContentOrderTextExtractor.GetText(p)));
            return string.IsNullOrWhiteSpace(text) ? null : text;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or IOException
            or UglyToad.PdfPig.Core.PdfDocumentFormatException)
        {
            // A damaged PDF is an unread note, not a failed scrub.
            return null;
        }
    }

    private static readonly XNamespace Hl7 = "urn:hl7-org:v3";

    /// <summary>
    /// A C-CDA document's section titles and narrative blocks, one line per paragraph, list item or table row.
    /// Only the human-readable narrative: that is what a reviewer reads and what a quote can be checked against.
    /// </summary>
    internal static string? ReadCda(DocumentReference note)
    {
        var xml = note.Content.Select(c => c.Attachment)
            .FirstOrDefault(a => a?.Data is { Length: > 0 } && a.ContentType?.Split(';')[0].Trim().ToLowerInvariant() is "application/xml" or "text/xml" or "application/hl7-cda+xml");
        if (xml?.Data is not { } data)
        {
            return null;
        }
        try
        {
            using var stream = new MemoryStream(data);
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            var document = XDocument.Load(reader);
            if (document.Root?.Name != Hl7 + "ClinicalDocument")
            {
                return null;
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
            return lines.Count == 0 ? null : string.Join("\n", lines);
        }
        catch (XmlException)
        {
            // Not well-formed: an unread note, as a damaged PDF is.
            return null;
        }
    }
}
