using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace FhirApp.Core.Tests.Appeals;

/// <summary>The letter PDF read back with PdfPig: a business letter's layout and every field a payer needs.</summary>
public sealed class LetterPdfLayoutTests
{
    private const double PageWidth = 612;
    private const double Margin = 72;
    private const double ContentWidth = PageWidth - (2 * Margin);

    private static readonly Lazy<byte[]> GracePdf = new(() =>
        AppealTestKit.Service(new FakeTimeProvider(new DateTimeOffset(2026, 6, 10, 9, 0, 0, TimeSpan.Zero))).Build(AppealTestKit.GraceContext()).Pdf.ShouldNotBeNull());

    [Fact]
    public void GivenGracesRedetermination_WhenThePdfIsReadBack_ThenItsParagraphsUseTheFullWidthInsideTheMarginsOnAFewNumberedPages()
    {
        using var pdf = PdfDocument.Open(GracePdf.Value);
        var pages = pdf.GetPages().ToList();

        pages.Count.ShouldBeInRange(2, 4, "a two-line appeal is a short letter, not a column over many pages");
        var widths = new List<double>();
        foreach (var page in pages)
        {
            page.Width.ShouldBe(PageWidth, "US Letter");
            var words = page.GetWords().ToList();
            words.ShouldAllBe(w => w.BoundingBox.Left >= Margin - 1 && w.BoundingBox.Right <= PageWidth - Margin + 1, "every word inside the one-inch margins");
            widths.AddRange(Lines(words).Select(l => l.Max(w => w.BoundingBox.Right) - l.Min(w => w.BoundingBox.Left)));
            Text(words).ShouldContain(string.Create(CultureInfo.InvariantCulture, $"Page {page.Number} of {pages.Count}"));
        }

        widths.Max().ShouldBeGreaterThan(ContentWidth * 0.9, "paragraphs wrap at the full text width");
        widths.Count(w => w > ContentWidth * 0.75).ShouldBeGreaterThan(5, "not one long line but full-width paragraphs");
    }

    [Fact]
    public void GivenGracesRedetermination_WhenThePdfIsReadBack_ThenEveryFieldAPayerNeedsIsThereAndNoIdOfOurs()
    {
        using var pdf = PdfDocument.Open(GracePdf.Value);
        var text = string.Join(" ", pdf.GetPages().Select(p => Text(p.GetWords())));

        foreach (var field in new[]
        {
            "Riverside Orthopedics & Specialty Care", "1200 W Riverside Ave", // letterhead
            "Request for Medicare redetermination", "Grace Hall", "3C47KM2TW58", // beneficiary and Medicare number
            "ICN-26153000123", "RO-GRACE-0512", // the payer's claim number and the practice's account number
            "2026-05-12", "2026-06-02", "2026-09-30", // service, decision, deadline
            "Line 1: 99213-25, denied CO-50", "Line 3: J3301, denied CO-151",
            "40 mg triamcinolone", "Sincerely,", "Susan Patel MD", "NPI 1847293051", "Attachments",
        })
        {
            text.ShouldContain(field);
        }

        text.ShouldNotContain("claim-grace-visit");
        text.ShouldNotContain("doc-grace-visit-note");
        pdf.Information.Title.ShouldBe("Appeal: claim ICN-26153000123");
    }

    private static string Text(IEnumerable<Word> words) =>
        string.Join(" ", Lines(words).Select(l => string.Join(" ", l.OrderBy(w => w.BoundingBox.Left).Select(w => w.Text))));

    /// <summary>Words grouped by baseline, top to bottom.</summary>
    private static IEnumerable<List<Word>> Lines(IEnumerable<Word> words) =>
        words.GroupBy(w => Math.Round(w.BoundingBox.Bottom)).OrderByDescending(g => g.Key).Select(g => g.ToList());
}
