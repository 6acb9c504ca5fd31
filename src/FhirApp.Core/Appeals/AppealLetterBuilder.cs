using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using FhirApp.Core.Claims;
using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Documentation;
using FhirApp.Core.Scrubbing;
using Fluid;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Appeals;

/// <summary>
/// Fills the letter model from the claim, the contested lines' decisions and their evidence, and renders it with the
/// payer's Liquid template (appeal-templates/{payer id}.liquid, else default.liquid, whose sections follow the form).
/// The builder adds no clinical words of its own: quotes come from the notes, facts from coded values. Every point is
/// printed once, numbered; a criterion it also meets elsewhere refers back to its number.
/// </summary>
internal static class AppealLetterBuilder
{
    private static readonly FluidParser Parser = new();

    private static readonly TemplateOptions Options = CreateOptions();

    public static AppealLetterModel Model(LetterInput input)
    {
        var (context, detail, content) = (input.Context, input.Detail, input.Content);
        var summary = detail.Summary;
        var currency = summary.Currency ?? "USD";
        var contested = input.Decisions.Where(x => x.Contested && x.Evidence is not null).OrderBy(x => x.Line).ToList();
        var points = new Dictionary<string, LetterPoint>(StringComparer.Ordinal);
        var arguments = new List<LetterArgument>();
        foreach (var decision in contested)
        {
            var evidence = decision.Evidence!;
            var retro = decision.Action == Denials.DenialRoute.RetroAuthorization;
            // A retro-authorization request argues the service's necessity; an appeal, its mechanism's criteria.
            var sets = retro && evidence.Supporting is { } necessity ? [necessity] : evidence.Sets.Where(s => s.Criteria.Any(c => c.Found)).ToList();
            var mine = new List<LetterPoint>();
            foreach (var result in sets.SelectMany(s => s.Criteria).Where(c => c.Found))
            {
                foreach (var item in result.Evidence)
                {
                    var key = item.Source + "\u0001" + item.Text;
                    if (points.TryGetValue(key, out var earlier))
                    {
                        var inThisLine = mine.FindIndex(p => p.Number == earlier.Number || p.RefersTo == earlier.Number);
                        if (inThisLine >= 0)
                        {
                            // The same point meets another criterion of this line: said once, with both criteria.
                            mine[inThisLine] = mine[inThisLine] with { Shows = [.. mine[inThisLine].Shows, result.Criterion.Text] };
                        }
                        else
                        {
                            mine.Add(earlier with { RefersTo = earlier.Number, Shows = [result.Criterion.Text] });
                        }

                        continue;
                    }

                    var point = new LetterPoint(points.Count + 1, KindName(item.Kind), item.Text, item.Source, Citation(item, detail), item.Label, [result.Criterion.Text]);
                    points[key] = point;
                    mine.Add(point);
                }
            }

            var guidelines = sets.SelectMany(s => content.Guidelines.Where(g => g.SetId == s.Set.Id && (g.Payer == "*" || g.Payer == input.PayerId)).Select(g => g.Text))
                .Concat(content.UnitRuleFor(evidence.Code) is { } rule && evidence.Mechanism == AppealMechanism.Units ? [rule.Source] : [])
                .Distinct(StringComparer.Ordinal).ToList();
            arguments.Add(new LetterArgument(decision.Line, decision.Billed ?? evidence.Code, decision.Reason,
                retro && evidence.Supporting is { } s2 ? s2.Set.Title : evidence.Primary.Set.Title, retro, mine, guidelines));
        }

        var appealed = contested.Where(x => x.Action == Denials.DenialRoute.Appeal).Select(x => x.Line).ToList();
        var retroLines = contested.Where(x => x.Action == Denials.DenialRoute.RetroAuthorization).Select(x => x.Line).ToList();
        var quotedNotes = points.Values.Where(p => p.Kind == "quote").Select(p => p.Source).Distinct(StringComparer.Ordinal).ToList();
        var onlyRetro = appealed.Count == 0 && retroLines.Count > 0;
        var form = onlyRetro ? "retro-authorization" : JsonNamingPolicy.KebabCaseLower.ConvertName(input.Form.ToString());
        var adjudication = input.Decision;
        return new AppealLetterModel
        {
            LetterDate = Iso(input.Today)!,
            ContentVersion = content.Version,
            Form = form,
            Title = onlyRetro ? "Request for retroactive authorization" : TitleOf(input.Form),
            Level = onlyRetro ? "retroactive authorization" : input.LevelName,
            LevelNumber = input.Level + 1,
            Deadline = Iso(input.Deadline?.Date),
            DeadlineClause = input.Deadline?.Clause,
            Practice = Party(context.BillingProvider, detail.BillingProvider),
            Payer = Party(context.Payer, null),
            ClaimSource = "Claim/" + summary.Id,
            PatientName = summary.PatientName,
            PatientBirthDate = context.Patient?.BirthDate,
            MemberId = detail.Coverage?.SubscriberId,
            PayerClaimNumber = input.PayerClaimNumber,
            AccountNumber = context.Claim is { } claim ? ClaimNumbers.AccountNumber(claim) : null,
            ServiceDate = Iso(summary.ServiceDate),
            DecisionDate = Iso(input.PriorDecision ?? adjudication?.Date),
            PriorDecisionReference = input.PriorReference,
            Billed = Money(summary.BilledAmount, currency),
            Denied = Money(contested.Sum(x => x.Amount), currency),
            RenderingProvider = detail.RenderingProvider?.Name,
            RenderingNpi = detail.RenderingProvider?.Npi,
            Diagnoses = CodedValues.Diagnoses(detail),
            Lines = detail.Lines.Select(l => new LetterLine(
                l.Sequence,
                CodedValues.Line(l),
                Money(l.Charge, currency),
                string.Join(", ", l.Adjudication?.Reasons.Select(r => r.Label).Distinct(StringComparer.Ordinal) ?? []),
                contested.Any(x => x.Line == l.Sequence),
                Outcome(l, contested))).ToList(),
            Arguments = arguments,
            AppealedLines = Join(appealed),
            RetroLines = Join(retroLines),
            ItemsAppealed = string.Join("; ", contested.Select(x => $"{x.Billed ?? x.Line.ToString(CultureInfo.InvariantCulture)} on {Iso(summary.ServiceDate)}")),
            Attachments = Attachments(detail, quotedNotes, points.Values, adjudication, input),
            Signer = detail.RenderingProvider?.Name ?? detail.BillingProvider?.Name,
            SignerNpi = detail.RenderingProvider?.Npi ?? detail.BillingProvider?.Npi,
        };
    }

    /// <summary>The letter as HTML, from the payer's template or the default one.</summary>
    public static string Render(AppealLetterModel model, AppealContent content, string? payerId)
    {
        var source = payerId is { } payer && content.Templates.TryGetValue(payer, out var own) ? own : content.Templates["default"];
        if (!Parser.TryParse(source, out var template, out var error))
        {
            throw new InvalidOperationException($"Appeal template for '{payerId ?? "default"}' does not parse: {error}");
        }

        return template.Render(new TemplateContext(model, Options), HtmlEncoder.Default);
    }

    public static string TitleOf(AppealForm form) => form switch
    {
        AppealForm.MedicareRedetermination => "Request for Medicare redetermination",
        AppealForm.MedicareReconsideration => "Request for Medicare reconsideration",
        AppealForm.MedicareHearing => "Request for an administrative law judge hearing",
        AppealForm.Medicaid => "Request for Medicaid provider appeal",
        AppealForm.CommercialSecondLevel => "Second-level provider appeal",
        AppealForm.ExternalReview => "Request for external review",
        _ => "First-level provider appeal",
    };

    private static string Outcome(ClaimLineDetail line, List<LineDecision> contested) =>
        contested.FirstOrDefault(x => x.Line == line.Sequence) is { } x
            ? x.Action == Denials.DenialRoute.RetroAuthorization ? "retroactive authorization requested" : "appealed"
            : line.Adjudication?.Denied == true ? "denied, not contested here" : line.Adjudication is null ? "" : "paid";

    private static List<string> Attachments(ClaimDetail detail, List<string> quotedNotes, IEnumerable<LetterPoint> points, AdjudicationSummary? decision, LetterInput input)
    {
        var attachments = new List<string>();
        if (decision?.Date is { } date)
        {
            attachments.Add($"The payer's decision of {Iso(date)}{(input.PayerClaimNumber is { } n ? $" (claim number {n})" : "")}");
        }

        if (input.PriorDecision is { } prior)
        {
            attachments.Add($"The {input.PriorLevelName ?? "prior level's"} decision of {Iso(prior)}{(input.PriorReference is { } r ? $" (reference {r})" : "")}");
        }

        foreach (var note in detail.Notes.Where(n => quotedNotes.Contains("DocumentReference/" + n.Id)))
        {
            attachments.Add(NoteCitation(note));
        }

        if (points.Any(p => p.Source.StartsWith("ClaimResponse/", StringComparison.Ordinal) && p.Kind == "fact"))
        {
            attachments.Add("The authorization record");
        }

        if (points.Any(p => p.Source.StartsWith("Coverage/", StringComparison.Ordinal)))
        {
            attachments.Add("The eligibility record for the date of service");
        }

        return attachments;
    }

    private static string? Citation(EvidenceItem item, ClaimDetail detail) =>
        item.Kind == EvidenceKind.Quote && item.DocumentId is { } id
            ? detail.Notes.FirstOrDefault(n => n.Id == id) is { } note ? NoteCitation(note) : string.Join(", ", new[] { "Clinical note", Iso(item.Date), item.Author }.OfType<string>())
            : null;

    /// <summary>"Progress note, 2026-02-10, Susan Patel MD"; an addendum says so, and a late entry says when it was written.</summary>
    private static string NoteCitation(NoteSummary note)
    {
        var type = note.Type ?? "Clinical note";
        var kind = note.Description switch
        {
            { } d when d.StartsWith("Late entry addendum", StringComparison.Ordinal) => $"Late entry addendum to the {Lower(type)}, written",
            { } d when d.StartsWith("Addendum", StringComparison.Ordinal) => $"Addendum to the {Lower(type)}",
            _ => type,
        };
        return string.Join(", ", new[] { kind, Iso(note.Date), note.Author }.OfType<string>()).Replace("written, ", "written ", StringComparison.Ordinal);
    }

    private static string Lower(string text) => text.Length == 0 ? text : char.ToLowerInvariant(text[0]) + text[1..];

    private static LetterParty Party(Resource? resource, ProviderSummary? summary)
    {
        var (name, address, telecom) = resource switch
        {
            Organization o => (o.Name, o.Address.FirstOrDefault(), o.Telecom),
            Practitioner p => (FhirValues.Name(p), p.Address.FirstOrDefault(), p.Telecom),
            _ => (summary?.Name, null, new List<ContactPoint>()),
        };
        var lines = new List<string>();
        if (address is not null)
        {
            lines.AddRange(address.Line.OfType<string>().Where(l => !string.IsNullOrWhiteSpace(l)));
            var cityLine = string.Join(" ", new[] { address.City is { } c ? c + "," : null, address.State, address.PostalCode }.OfType<string>());
            if (cityLine.Length > 0)
            {
                lines.Add(cityLine.TrimEnd(','));
            }
        }

        var identifiers = resource switch
        {
            Organization o => o.Identifier,
            Practitioner p => p.Identifier,
            _ => [],
        };
        return new LetterParty(
            name ?? summary?.Name,
            lines,
            telecom.FirstOrDefault(t => t.System == ContactPoint.ContactPointSystem.Phone)?.Value,
            identifiers.FirstOrDefault(i => i.System == "http://hl7.org/fhir/sid/us-npi")?.Value ?? summary?.Npi,
            identifiers.FirstOrDefault(i => i.System == "urn:oid:2.16.840.1.113883.4.4" || i.Type?.Coding.Any(c => c.Code == "TAX") == true)?.Value);
    }

    private static string KindName(EvidenceKind kind) => kind switch
    {
        EvidenceKind.Quote => "quote",
        EvidenceKind.Fact => "fact",
        _ => "derived",
    };

    private static string? Join(List<int> lines) => lines.Count switch
    {
        0 => null,
        1 => lines[0].ToString(CultureInfo.InvariantCulture),
        _ => string.Join(", ", lines.Take(lines.Count - 1).Select(l => l.ToString(CultureInfo.InvariantCulture))) + " and " + lines[^1].ToString(CultureInfo.InvariantCulture),
    };

    private static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions();
        options.MemberAccessStrategy.MemberNameStrategy = MemberNameStrategies.SnakeCase;
        options.MemberAccessStrategy.Register<AppealLetterModel>();
        options.MemberAccessStrategy.Register<LetterParty>();
        options.MemberAccessStrategy.Register<LetterLine>();
        options.MemberAccessStrategy.Register<LetterArgument>();
        options.MemberAccessStrategy.Register<LetterPoint>();
        return options;
    }

    private static string? Iso(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Money(decimal? amount, string currency) =>
        amount is { } value ? (currency == "USD" ? value.ToString("$#,##0.00", CultureInfo.InvariantCulture) : value.ToString("0.00", CultureInfo.InvariantCulture) + " " + currency) : null;
}

/// <summary>What the letter builder needs besides the claim: the decisions, the level and its form and deadline, the payer's numbers.</summary>
internal sealed record LetterInput
{
    public required ClaimContext Context { get; init; }

    public required ClaimDetail Detail { get; init; }

    public required AppealContent Content { get; init; }

    public required IReadOnlyList<LineDecision> Decisions { get; init; }

    public required DateOnly Today { get; init; }

    public required AppealForm Form { get; init; }

    public required string LevelName { get; init; }

    public int Level { get; init; }

    public Denials.Deadline? Deadline { get; init; }

    public string? PayerId { get; init; }

    public string? PayerClaimNumber { get; init; }

    /// <summary>The payer's decision appealed at the first level.</summary>
    public AdjudicationSummary? Decision { get; init; }

    /// <summary>For a later level: the prior level's decision date, name and reference.</summary>
    public DateOnly? PriorDecision { get; init; }

    public string? PriorLevelName { get; init; }

    public string? PriorReference { get; init; }
}
