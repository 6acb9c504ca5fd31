using FhirApp.Core.Claims;
using Hl7.Fhir.Model;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace FhirApp.Core.Scrubbing.Rules;

/// <summary>
/// The text of a claim's notes for the documentation checks: inline text/plain and text/html through
/// <see cref="ClinicalNoteText"/>, inline PDF through PdfPig. Not read (rules do no I/O): attachments given only by URL,
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
            if ((ClinicalNoteText.Read(note) ?? ReadPdf(note)) is { Length: > 0 } text)
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
}
