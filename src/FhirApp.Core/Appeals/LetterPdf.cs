using System.Text;
using System.Text.RegularExpressions;
using FhirApp.Core.Claims;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace FhirApp.Core.Appeals;

/// <summary>
/// The letter as a PDF for submission, written with PdfPig's PdfDocumentBuilder: the (possibly edited) HTML reduced to
/// plain text, wrapped to the page width by measured glyph widths, on as many US Letter pages as it needs.
/// </summary>
internal static partial class LetterPdf
{
    private const double FontSize = 10;
    private const double Leading = 13;
    private const double Margin = 54;

    public static byte[] Write(string html, string title)
    {
        var body = Body().Match(html) is { Success: true } m ? m.Groups[1].Value : html;
        var text = ClinicalNoteText.HtmlToText(body);
        var builder = new PdfDocumentBuilder();
        builder.DocumentInformation.Title = title;
        builder.DocumentInformation.Producer = "FhirApp";
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.Letter);
        var width = page.PageSize.Width - 2 * Margin;
        var y = page.PageSize.Height - Margin;
        foreach (var paragraph in WinAnsi(text).Split('\n'))
        {
            foreach (var line in Wrap(paragraph.Trim(), s => Width(page, font, s), width))
            {
                if (y < Margin)
                {
                    page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.Letter);
                    y = page.PageSize.Height - Margin;
                }

                if (line.Length > 0)
                {
                    page.AddText(line, FontSize, new PdfPoint(Margin, y), font);
                }

                y -= Leading;
            }
        }

        return builder.Build();
    }

    private static double Width(PdfPageBuilder page, PdfDocumentBuilder.AddedFont font, string text) =>
        text.Length == 0 ? 0 : page.MeasureText(text, FontSize, new PdfPoint(0, 0), font).Sum(l => l.Width);

    /// <summary>Greedy word wrap; a word longer than the line is cut.</summary>
    internal static IEnumerable<string> Wrap(string paragraph, Func<string, double> measure, double width)
    {
        var line = new StringBuilder();
        foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (measure(candidate) <= width)
            {
                line.Clear().Append(candidate);
                continue;
            }

            if (line.Length > 0)
            {
                yield return line.ToString();
            }

            var rest = word;
            while (measure(rest) > width && rest.Length > 1)
            {
                var cut = rest.Length - 1;
                while (cut > 1 && measure(rest[..cut]) > width)
                {
                    cut--;
                }

                yield return rest[..cut];
                rest = rest[cut..];
            }

            line.Clear().Append(rest);
        }

        yield return line.ToString();
    }

    // The standard 14 fonts cover WinAnsi only: map the usual typographic characters, drop what is left.
    private static string WinAnsi(string text)
    {
        var mapped = text.Replace('\u2014', '-').Replace('\u2013', '-').Replace('\u2018', '\'').Replace('\u2019', '\'')
            .Replace('\u201C', '"').Replace('\u201D', '"').Replace('\u00A0', ' ').Replace("\u2026", "...", StringComparison.Ordinal);
        return new string(mapped.Where(c => c == '\n' || (c >= ' ' && c <= '~') || (c >= '\u00A1' && c <= '\u00FF')).ToArray());
    }

    [GeneratedRegex(@"<body[^>]*>(.*)</body>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Body();
}
