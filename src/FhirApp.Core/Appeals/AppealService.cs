using FhirApp.Core.Claims;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Appeals;

/// <summary>
/// Builds the appeal packet for one claim context: evidence per criterion, the payer's letter, its backing check,
/// the PDF, the packet DocumentReference and the CDex <c>$submit-attachment</c> Parameters.
/// </summary>
public sealed class AppealService(AppealContent content, TimeProvider clock)
{
    public AppealPacket Build(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var detail = ClaimDisplayMapper.ToDetail(context);
        var evidence = EvidenceExtractor.Extract(context, detail, content);
        var now = clock.GetUtcNow();
        var model = AppealLetterBuilder.Model(context, detail, evidence, content, DateOnly.FromDateTime(now.UtcDateTime), AppealDeadlines.For(context, detail));
        var html = AppealLetterBuilder.Render(model, content);
        var pdf = Pdf(html, detail.Summary.Id);
        var document = AppealFhirOutputs.Document(context, detail, pdf, now);
        var quoted = evidence.Sets.SelectMany(s => s.Criteria).SelectMany(c => c.Evidence).Select(e => e.DocumentId).Distinct(StringComparer.Ordinal).ToList();
        var lines = evidence.Sets.SelectMany(s => s.Lines).Distinct().Order().ToList();
        return new AppealPacket
        {
            ClaimId = detail.Summary.Id,
            Evidence = evidence,
            Letter = model,
            Html = html,
            Pdf = pdf,
            Unbacked = CheckBacking(html, context),
            Document = document,
            SubmitAttachment = AppealFhirOutputs.SubmitAttachment(context, detail, document, lines, quoted),
        };
    }

    /// <summary>The letter (as built or as a biller edited it) as the PDF sent to the payer.</summary>
    public static byte[] Pdf(string html, string claimId) => LetterPdf.Write(html, $"Appeal of claim {claimId}");

    /// <summary>The packet DocumentReference for a letter a biller reviewed and is sending: final, not preliminary.</summary>
    public DocumentReference FinalDocument(ClaimContext context, byte[] pdf)
    {
        var document = AppealFhirOutputs.Document(context, ClaimDisplayMapper.ToDetail(context), pdf, clock.GetUtcNow());
        document.DocStatus = CompositionStatus.Final;
        return document;
    }

    /// <summary>Checks a letter (for example after a biller's edit) against the claim's notes and coded values.</summary>
    public static IReadOnlyList<UnbackedStatement> CheckBacking(string html, ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var detail = ClaimDisplayMapper.ToDetail(context);
        var notes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var note in context.Notes)
        {
            if (note.Id is { } id && Claims.NoteTextReader.ReadOne(note) is { } text)
            {
                notes["DocumentReference/" + id] = text;
            }
        }

        var coded = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { ["Claim/" + detail.Summary.Id] = CodedValues.All(detail) };
        return LetterBackingCheck.Check(html, notes, coded);
    }
}
