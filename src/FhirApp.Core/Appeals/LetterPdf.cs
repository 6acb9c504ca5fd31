using System.Globalization;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace FhirApp.Core.Appeals;

/// <summary>
/// The letter as a business-letter PDF, laid out from its (possibly edited) HTML: the letterhead with a rule under it,
/// the date and recipient, full-width paragraphs, field tables (label and value), the service table, indented quotes,
/// lists, a signature block, and "Page N of M" with the claim's reference in every footer. AngleSharp reads the HTML into
/// a DOM; PdfPig's document builder draws it with the standard 14 fonts (no font files to ship). Text is wrapped by
/// measured width; a heading is kept with what follows it. The layout is hand-written because PdfPig draws, it does not
/// lay out, and it is small: blocks of wrapped lines, top to bottom.
/// </summary>
internal static class LetterPdf
{
    public const double PageWidth = 612;
    public const double PageHeight = 792;
    public const double Margin = 72;
    public const double ContentWidth = PageWidth - (2 * Margin);
    private const double Top = PageHeight - 54;
    private const double Bottom = 64;
    private const double FooterY = 36;

    public static byte[] Write(string html, string title, string? footer = null)
    {
        var document = new HtmlParser().ParseDocument(html);
        using var layout = new Layout(title);
        foreach (var child in document.Body?.Children ?? Enumerable.Empty<IElement>())
        {
            layout.Block(child);
        }

        return layout.Finish(footer);
    }

    /// <summary>
    /// The letter with a fax cover page in front: to the payer's appeals fax, from the practice (both read from the
    /// letter's own letterhead and recipient block), the reference, and the usual confidentiality notice.
    /// </summary>
    public static string WithFaxCover(string html, string fax, string reference)
    {
        var document = new HtmlParser().ParseDocument(html);
        var body = document.Body ?? throw new InvalidOperationException("The letter has no body.");
        var practice = document.QuerySelector(".practice-name")?.TextContent.Trim() ?? "";
        var phone = document.QuerySelector("header.letterhead")?.Children.Select(c => c.TextContent.Trim()).FirstOrDefault(t => t.StartsWith("Phone", StringComparison.Ordinal)) ?? "";
        var payer = document.QuerySelector(".recipient p")?.TextContent.Trim() ?? "";
        var cover = document.CreateElement("section");
        cover.ClassList.Add("fax-cover");
        foreach (var (tag, text) in new[]
        {
            ("h1", "Fax"),
            ("p", $"To: {payer}, appeals, fax {fax}"),
            ("p", $"From: {practice}{(phone.Length > 0 ? ", " + phone : "")}"),
            ("p", $"Re: {reference}"),
            ("p", "Pages: this cover sheet and the appeal letter that follows, with its attachments."),
            ("p", "This fax contains protected health information. If you received it in error, notify the sender and destroy it."),
        })
        {
            var element = document.CreateElement(tag);
            element.TextContent = text;
            cover.AppendChild(element);
        }

        var pageBreak = document.CreateElement("div");
        pageBreak.ClassList.Add("page-break");
        body.Prepend(cover, pageBreak);
        return document.DocumentElement.OuterHtml;
    }

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

        if (line.Length > 0)
        {
            yield return line.ToString();
        }
    }

    // The standard 14 fonts cover WinAnsi only: map the usual typographic characters, drop what is left.
    internal static string WinAnsi(string text)
    {
        var mapped = text.Replace('\u2014', '-').Replace('\u2013', '-').Replace('\u2018', '\'').Replace('\u2019', '\'')
            .Replace('\u201C', '"').Replace('\u201D', '"').Replace('\u00A0', ' ').Replace("\u2026", "...", StringComparison.Ordinal)
            .Replace('\u2022', '-').Replace('\u2265', '>').Replace('\u2264', '<');
        return new string(mapped.Where(c => (c >= ' ' && c <= '~') || (c >= '\u00A1' && c <= '\u00FF')).ToArray());
    }

    private static string Text(INode node) => WinAnsi(string.Join(' ', node.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));

    private static bool HasClass(IElement element, string name) => element.ClassList.Contains(name);

    /// <summary>Blocks laid top to bottom, page after page; footers are drawn last, when the page count is known.</summary>
    private sealed class Layout : IDisposable
    {
        private readonly PdfDocumentBuilder _builder = new();
        private readonly PdfDocumentBuilder.AddedFont _regular;
        private readonly PdfDocumentBuilder.AddedFont _bold;
        private readonly PdfDocumentBuilder.AddedFont _italic;
        private readonly List<PdfPageBuilder> _pages = [];
        private PdfPageBuilder _page;
        private double _y = Top;

        public Layout(string title)
        {
            _builder.DocumentInformation.Title = WinAnsi(title);
            _builder.DocumentInformation.Producer = "FhirApp";
            _regular = _builder.AddStandard14Font(Standard14Font.Helvetica);
            _bold = _builder.AddStandard14Font(Standard14Font.HelveticaBold);
            _italic = _builder.AddStandard14Font(Standard14Font.HelveticaOblique);
            _page = NewPage();
        }

        public void Block(IElement element)
        {
            switch (element.LocalName)
            {
                case "style" or "script" or "title" or "head":
                    return;
                case "header":
                    Letterhead(element);
                    return;
                case "h1":
                    Heading(element, 13.5, 12);
                    return;
                case "h2":
                    Heading(element, 11.5, 10);
                    return;
                case "h3" or "h4":
                    Heading(element, 10.5, 7);
                    return;
                case "blockquote":
                    Paragraph(Text(element), _italic, 10.5, indent: 22, right: 22, after: 2);
                    return;
                case "ul" or "ol":
                    List(element, ordered: element.LocalName == "ol");
                    return;
                case "table":
                    if (HasClass(element, "lines"))
                    {
                        Grid(element);
                    }
                    else
                    {
                        Fields(element);
                    }

                    return;
                case "div" when HasClass(element, "page-break"):
                    _page = NewPage();
                    return;
                case "div" when HasClass(element, "signature"):
                    Signature(element);
                    return;
                case "p" when HasClass(element, "version"):
                    Space(8);
                    Paragraph(Text(element), _regular, 7.5, after: 0);
                    return;
                case "p" when HasClass(element, "date"):
                    Paragraph(Text(element), _regular, 10.5, after: 8);
                    return;
                case "section" or "div" or "article" or "main" or "footer" or "span":
                    if (element.Children.Length == 0)
                    {
                        Paragraph(Text(element), _regular, 10.5);
                    }

                    foreach (var child in element.Children)
                    {
                        Block(child);
                    }

                    if (HasClass(element, "recipient"))
                    {
                        Space(8);
                    }

                    return;
                default:
                    Paragraph(Text(element), _regular, 10.5, after: element.ParentElement is { } parent && HasClass(parent, "recipient") ? 0 : 6);
                    return;
            }
        }

        public void Dispose() => _builder.Dispose();

        public byte[] Finish(string? footer)
        {
            for (var i = 0; i < _pages.Count; i++)
            {
                var page = _pages[i];
                var number = string.Create(CultureInfo.InvariantCulture, $"Page {i + 1} of {_pages.Count}");
                page.SetTextAndFillColor(90, 90, 90);
                page.AddText(number, 8.5, new PdfPoint(Margin + ContentWidth - Width(number, _regular, 8.5), FooterY), _regular);
                if (footer is { Length: > 0 })
                {
                    var text = WinAnsi(footer);
                    while (text.Length > 1 && Width(text, _regular, 8.5) > ContentWidth - 90)
                    {
                        text = text[..^1];
                    }

                    page.AddText(text, 8.5, new PdfPoint(Margin, FooterY), _regular);
                }

                page.ResetColor();
            }

            return _builder.Build();
        }

        private PdfPageBuilder NewPage()
        {
            var page = _builder.AddPage(PageWidth, PageHeight);
            _pages.Add(page);
            _y = Top;
            return page;
        }

        private void Need(double height)
        {
            if (_y - height < Bottom)
            {
                _page = NewPage();
            }
        }

        private void Space(double points) => _y = Math.Max(Bottom, _y - points);

        private double Width(string text, PdfDocumentBuilder.AddedFont font, double size)
        {
            if (text.Length == 0)
            {
                return 0;
            }

            var letters = _page.MeasureText(text, size, new PdfPoint(0, 0), font);
            return letters.Count == 0 ? 0 : letters[^1].EndBaseLine.X - letters[0].StartBaseLine.X;
        }

        private static double Leading(double size) => Math.Round(size * 1.32, 1);

        private void Line(string text, PdfDocumentBuilder.AddedFont font, double size, double x)
        {
            var leading = Leading(size);
            Need(leading);
            _y -= leading;
            if (text.Length > 0)
            {
                _page.AddText(text, size, new PdfPoint(x, _y + (leading - size) / 2), font);
            }
        }

        private void Paragraph(string text, PdfDocumentBuilder.AddedFont font, double size, double indent = 0, double right = 0, double after = 6)
        {
            if (text.Length == 0)
            {
                return;
            }

            foreach (var line in Wrap(text, s => Width(s, font, size), ContentWidth - indent - right))
            {
                Line(line, font, size, Margin + indent);
            }

            Space(after);
        }

        private void Heading(IElement element, double size, double before)
        {
            var text = Text(element);
            // Keep a heading with at least three lines of what follows it.
            Need(before + Leading(size) + (3 * Leading(10.5)));
            Space(_y == Top ? 0 : before);
            Paragraph(text, _bold, size, after: 3);
        }

        private void Letterhead(IElement header)
        {
            foreach (var p in header.Children)
            {
                var text = Text(p);
                if (HasClass(p, "practice-name"))
                {
                    Paragraph(text, _bold, 16, after: 2);
                }
                else
                {
                    Paragraph(text, _regular, 9.5, after: 0);
                }
            }

            Space(5);
            _page.DrawLine(new PdfPoint(Margin, _y), new PdfPoint(Margin + ContentWidth, _y), 1.2);
            Space(16);
        }

        private void List(IElement list, bool ordered)
        {
            var n = 0;
            foreach (var item in list.Children.Where(c => c.LocalName == "li"))
            {
                n++;
                var marker = ordered ? n.ToString(CultureInfo.InvariantCulture) + "." : "-";
                var lines = Wrap(Text(item), s => Width(s, _regular, 10.5), ContentWidth - 18).ToList();
                for (var i = 0; i < lines.Count; i++)
                {
                    Line(lines[i], _regular, 10.5, Margin + 18);
                    if (i == 0)
                    {
                        _page.AddText(marker, 10.5, new PdfPoint(Margin + 4, _y + (Leading(10.5) - 10.5) / 2), _regular);
                    }
                }

                Space(1.5);
            }

            Space(5);
        }

        /// <summary>Label and value rows: the label in bold in the left column, the value wrapped in the right one.</summary>
        private void Fields(IElement table)
        {
            const double size = 10;
            var labelWidth = ContentWidth * 0.38;
            foreach (var row in table.QuerySelectorAll("tr"))
            {
                var cells = row.Children.Where(c => c.LocalName is "td" or "th").ToList();
                if (cells.Count == 0)
                {
                    continue;
                }

                var label = Wrap(Text(cells[0]), s => Width(s, _bold, size), labelWidth - 8).ToList();
                var value = cells.Count > 1 ? Wrap(Text(cells[1]), s => Width(s, _regular, size), ContentWidth - labelWidth).ToList() : [];
                var rows = Math.Max(label.Count, Math.Max(1, value.Count));
                Need(rows * Leading(size));
                for (var i = 0; i < rows; i++)
                {
                    var y = _y;
                    Line(i < label.Count ? label[i] : "", _bold, size, Margin);
                    if (i < value.Count)
                    {
                        _y = y;
                        Line(value[i], _regular, size, Margin + labelWidth);
                    }
                }

                Space(2);
            }

            Space(6);
        }

        /// <summary>A table with a header row: columns in fixed proportions of the full width, a rule under the header.</summary>
        private void Grid(IElement table)
        {
            const double size = 9.5;
            double[] shares = [0.08, 0.22, 0.14, 0.24, 0.32];
            foreach (var row in table.QuerySelectorAll("tr"))
            {
                var cells = row.Children.Where(c => c.LocalName is "td" or "th").ToList();
                var header = cells.Any(c => c.LocalName == "th");
                var font = header ? _bold : _regular;
                var columns = cells.Select((c, i) => Wrap(Text(c), s => Width(s, font, size), (ContentWidth * shares[Math.Min(i, shares.Length - 1)]) - 6).ToList()).ToList();
                var rows = Math.Max(1, columns.Max(c => c.Count));
                Need(rows * Leading(size) + 4);
                var top = _y;
                var x = Margin;
                for (var c = 0; c < columns.Count; c++)
                {
                    _y = top;
                    foreach (var line in columns[c])
                    {
                        Line(line, font, size, x);
                    }

                    x += ContentWidth * shares[Math.Min(c, shares.Length - 1)];
                }

                _y = top - (rows * Leading(size));
                if (header)
                {
                    _page.DrawLine(new PdfPoint(Margin, _y - 1), new PdfPoint(Margin + ContentWidth, _y - 1), 0.6);
                    Space(3);
                }

                Space(1.5);
            }

            Space(6);
        }

        private void Signature(IElement block)
        {
            // The whole block on one page: closing, a line to sign on, the name and the practice.
            Need(30 + (block.Children.Length * Leading(10.5)));
            Space(10);
            foreach (var p in block.Children)
            {
                if (HasClass(p, "sign-line"))
                {
                    Space(30);
                    _page.DrawLine(new PdfPoint(Margin, _y), new PdfPoint(Margin + 216, _y), 0.8);
                    Space(2);
                    continue;
                }

                Paragraph(Text(p), _regular, 10.5, after: 0);
            }

            Space(8);
        }
    }
}
