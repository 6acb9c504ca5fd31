using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Claims;

/// <summary>
/// Reads the text of a clinical note from its inline (base64 <c>data</c>) text/plain or text/html attachment.
/// HTML is reduced to plain text so that callers never render EHR markup.
/// </summary>
public static partial class ClinicalNoteText
{
    /// <summary>Whether the note has an inline text/plain or text/html attachment.</summary>
    public static bool HasInlineText(DocumentReference note) => FindAttachment(note) is not null;

    /// <summary>The decoded note text, or null when there is no inline text attachment (e.g. only a URL or a PDF).</summary>
    public static string? Read(DocumentReference note)
    {
        var attachment = FindAttachment(note);
        if (attachment?.Data is not { } data)
        {
            return null;
        }

        var text = EncodingOf(attachment.ContentType).GetString(data);
        return IsType(attachment.ContentType, "text/html") ? HtmlToText(text) : text;
    }

    private static Attachment? FindAttachment(DocumentReference note)
    {
        ArgumentNullException.ThrowIfNull(note);
        var withData = note.Content.Select(c => c.Attachment).Where(a => a?.Data is { Length: > 0 }).ToList();
        return withData.Find(a => IsType(a.ContentType, "text/plain")) ?? withData.Find(a => IsType(a.ContentType, "text/html"));
    }

    private static bool IsType(string? contentType, string type) =>
        contentType is not null && contentType.Split(';')[0].Trim().Equals(type, StringComparison.OrdinalIgnoreCase);

    private static Encoding EncodingOf(string? contentType)
    {
        var charset = contentType?.Split(';')
            .Select(p => p.Trim())
            .FirstOrDefault(p => p.StartsWith("charset=", StringComparison.OrdinalIgnoreCase))?["charset=".Length..]
            .Trim('"');
        if (string.IsNullOrEmpty(charset))
        {
            return Encoding.UTF8;
        }

        try
        {
            return Encoding.GetEncoding(charset);
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8;
        }
    }

    /// <summary>HTML reduced to plain text: block ends become line breaks, tags go, entities are decoded.</summary>
    internal static string HtmlToText(string html)
    {
        var text = ScriptOrStyle().Replace(html, "");
        text = LineBreakTags().Replace(text, "\n");
        text = Tags().Replace(text, "");
        text = WebUtility.HtmlDecode(text);
        text = BlankLines().Replace(text, "\n\n");
        return text.Trim();
    }

    [GeneratedRegex(@"<(script|style)\b[^>]*>.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex ScriptOrStyle();

    [GeneratedRegex(@"<br\s*/?>|</(p|div|li|tr|h[1-6]|blockquote|section)\s*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex LineBreakTags();

    [GeneratedRegex("<[^>]+>", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex Tags();

    [GeneratedRegex(@"\n\s*\n(\s*\n)+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex BlankLines();
}
