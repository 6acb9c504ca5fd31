using System.Globalization;
using System.Text.Encodings.Web;
using FhirApp.Core.Claims;
using Fluid;

namespace FhirApp.Core.Appeals;

/// <summary>
/// Fills the letter model from the claim and its evidence, and renders it with the payer's Liquid template
/// (appeal-templates/{payer id}.liquid, else default.liquid). The builder adds no clinical words of its own:
/// quotes come from <see cref="AppealEvidence"/>, codes from the claim.
/// </summary>
internal static class AppealLetterBuilder
{
    private static readonly FluidParser Parser = new();

    private static readonly TemplateOptions Options = CreateOptions();

    public static AppealLetterModel Model(ClaimContext context, ClaimDetail detail, AppealEvidence evidence, AppealContent content, DateOnly today, AppealDeadline? deadline)
    {
        var summary = detail.Summary;
        var payerId = context.Payer?.Id;
        var decision = detail.Adjudications.Count > 0 ? detail.Adjudications[0] : null; // latest first
        var currency = summary.Currency ?? "USD";
        var quotedNotes = evidence.Sets.SelectMany(s => s.Criteria).SelectMany(c => c.Evidence).Select(e => e.DocumentId).Distinct(StringComparer.Ordinal).ToList();
        return new AppealLetterModel
        {
            LetterDate = Iso(today)!,
            ContentVersion = content.Version,
            ClaimId = summary.Id,
            ClaimSource = "Claim/" + summary.Id,
            ServiceDate = Iso(summary.ServiceDate),
            Billed = Money(summary.BilledAmount, currency),
            PatientName = summary.PatientName,
            PatientBirthDate = context.Patient?.BirthDate,
            MemberId = detail.Coverage?.SubscriberId,
            PayerId = payerId,
            PayerName = summary.PayerName,
            RenderingProvider = detail.RenderingProvider?.Name,
            RenderingNpi = detail.RenderingProvider?.Npi,
            BillingProvider = detail.BillingProvider?.Name,
            BillingNpi = detail.BillingProvider?.Npi,
            Diagnoses = CodedValues.Diagnoses(detail),
            Lines = detail.Lines.Select(l => new LetterLine(
                l.Sequence,
                CodedValues.Line(l),
                Money(l.Charge, currency),
                l.Adjudication?.Denied == true,
                string.Join(", ", l.Adjudication?.Reasons.Select(r => r.Label).Distinct(StringComparer.Ordinal) ?? []))).ToList(),
            Denial = decision is null ? null : new LetterDenial(
                decision.Source,
                Iso(decision.Date),
                decision.Reasons.Where(r => r.IsCarc && r.IsDenial).Select(Describe).Distinct(StringComparer.Ordinal).ToList(),
                decision.Reasons.Where(IsRarc).Select(Describe).Distinct(StringComparer.Ordinal).ToList(),
                decision.ProcessNotes),
            Arguments = evidence.Sets.Select(s => new LetterArgument(
                s.Set.Title,
                string.Join(", ", s.Lines),
                s.Criteria.Select(c => new LetterCriterion(
                    c.Criterion.Text,
                    c.Found,
                    c.Evidence.Select(e => new LetterQuote(e.Quote, "DocumentReference/" + e.DocumentId, e.DocumentId, Iso(e.Date), e.Author)).ToList())).ToList(),
                content.Guidelines.Where(g => g.SetId == s.Set.Id && (g.Payer == "*" || g.Payer == payerId)).Select(g => g.Text).ToList())).ToList(),
            AppealedLines = evidence.Sets.SelectMany(s => s.Lines).Distinct().Order().Select(n => n.ToString(CultureInfo.InvariantCulture)).ToList(),
            Attachments = detail.Notes.Where(n => quotedNotes.Contains(n.Id))
                .Select(n => $"{n.Type ?? "Clinical note"} {n.Id}{(n.Date is { } d ? ", " + Iso(d) : "")}{(n.Author is { } a ? ", " + a : "")}")
                .ToList(),
            AppealLevel = deadline?.Level,
            AppealDeadline = Iso(deadline?.Due),
        };
    }

    /// <summary>The letter as HTML, from the payer's template or the default one.</summary>
    public static string Render(AppealLetterModel model, AppealContent content)
    {
        var source = model.PayerId is { } payer && content.Templates.TryGetValue(payer, out var own) ? own : content.Templates["default"];
        if (!Parser.TryParse(source, out var template, out var error))
        {
            throw new InvalidOperationException($"Appeal template for '{model.PayerId ?? "default"}' does not parse: {error}");
        }

        return template.Render(new TemplateContext(model, Options), HtmlEncoder.Default);
    }

    private static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions();
        options.MemberAccessStrategy.MemberNameStrategy = MemberNameStrategies.SnakeCase;
        options.MemberAccessStrategy.Register<AppealLetterModel>();
        options.MemberAccessStrategy.Register<LetterLine>();
        options.MemberAccessStrategy.Register<LetterDenial>();
        options.MemberAccessStrategy.Register<LetterArgument>();
        options.MemberAccessStrategy.Register<LetterCriterion>();
        options.MemberAccessStrategy.Register<LetterQuote>();
        return options;
    }

    private static bool IsRarc(AdjudicationReason reason) =>
        !reason.IsCarc && reason.System is { } system
        && (system.Contains("remittance-advice-remark", StringComparison.OrdinalIgnoreCase) || system.EndsWith("/rarc", StringComparison.OrdinalIgnoreCase));

    private static string Describe(AdjudicationReason reason) => reason.Display is { Length: > 0 } text ? $"{reason.Label} ({text})" : reason.Label;

    private static string? Iso(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Money(decimal? amount, string currency) =>
        amount is { } value ? value.ToString("0.00", CultureInfo.InvariantCulture) + " " + currency : null;
}
