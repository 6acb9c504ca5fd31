using FhirApp.Core.Claims;
using FhirApp.Core.Denials;
using FhirApp.Core.Scrubbing;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Appeals;

/// <summary>
/// Builds the appeal packet for one claim context at one level: the payer's decision read by the denial intake's own
/// detector (so the lines, causes and amounts are the queue's), a decision per denied line from its mechanism, evidence,
/// deadline (<see cref="DenialDeadlines"/>, the one owner of appeal dates) and expected value, then, when at least one
/// line is contested and none waits for the clinician, the letter, its backing check, the PDF, the packet
/// DocumentReference and the CDex <c>$submit-attachment</c> Parameters. Never a letter without an argument per line.
/// </summary>
public sealed class AppealService(
    AppealContent content, RuleBook rules, DenialDetector detector, DenialDeadlines deadlines, DenialTriage triage, AppealOptions options, TimeProvider clock)
{
    public AppealContent Content => content;

    /// <summary>The service composed from its content and the denial intake's own parts (for the command line and tests; the web host uses DI).</summary>
    public static AppealService Create(AppealContent content, RuleBook rules, DenialCauseTable causes, TimeProvider clock, AppealOptions? options = null, DenialOptions? denialOptions = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return new AppealService(content, rules, new DenialDetector(causes, rules.Directory), new DenialDeadlines(rules.Payers, clock),
            new DenialTriage(causes, denialOptions ?? new DenialOptions()), options ?? new AppealOptions(), clock);
    }

    public AppealPacket Build(ClaimContext context, AppealRequest? request = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        request ??= AppealRequest.First;
        var detail = ClaimDisplayMapper.ToDetail(context);
        var claimId = detail.Summary.Id;
        var account = context.Claim is { } claim ? ClaimNumbers.AccountNumber(claim) : null;
        var latest = detail.Adjudications.Count > 0 ? detail.Adjudications[0] : null;
        var resource = latest is null ? null : Resolve(context, latest.Source);
        var decision = resource is null ? null : detector.Detect(resource);
        if (decision is null)
        {
            return Empty(claimId, account, "No payer decision is on file for this claim: there is nothing to appeal yet.");
        }

        var facts = decision.Facts;
        var decided = request.PriorDecision ?? facts.DecisionDate;
        var windows = decided is { } d ? deadlines.WindowsFor(facts.PayerId, d) : AppealWindows.Default;
        var level = Math.Clamp(request.Level, 0, windows.Levels.Count - 1);
        var levelName = windows.Levels[level].Level;
        var form = windows.FormAt(level);
        var denials = decision.Denials.Where(x => request.Lines.Count == 0 || request.Lines.Contains(x.Line)).OrderBy(x => x.Line).ToList();
        var payerClaimNumber = ClaimNumbers.PayerClaimNumber(resource);
        var appealDeadline = deadlines.For(facts.PayerId, decided, facts.ServiceDate, DenialRoute.Appeal, level);
        if (denials.Count == 0)
        {
            return Empty(claimId, account, "No line of this claim was denied: there is nothing to appeal.") with
            {
                Level = level, LevelName = levelName, Form = form, Deadline = appealDeadline, LevelCount = windows.Levels.Count,
                PayerId = facts.PayerId, DecisionDate = decided, PayerClaimNumber = payerClaimNumber,
            };
        }

        var appealFacts = new AppealFacts(context, detail, rules, facts.PayerId);
        var evidence = EvidenceExtractor.Extract(context, detail, denials, appealFacts, content);
        var clinician = detail.RenderingProvider;
        var decisions = denials.Select(denial =>
        {
            var line = EvidenceExtractor.LineOf(detail, denial);
            var mechanism = DenialMechanisms.Of(denial, line);
            return LineDecider.Decide(new LineFacts
            {
                Denial = denial,
                Mechanism = mechanism,
                Billed = line is null ? null : CodedValues.Line(line),
                Code = line?.Code,
                IsEvaluationAndManagement = line?.Code is { } code && DenialMechanisms.IsEvaluationAndManagement(code),
                Evidence = evidence.Lines.FirstOrDefault(e => e.Line == denial.Line),
                OverturnProbability = request.Overturn?.Invoke(denial.Cause.Category) ?? triage.OverturnPrior(denial.Cause.Category),
                Clinician = clinician?.Name ?? "the clinician",
                ClinicianKnown = clinician?.Reference is not null,
                AddendumLeadDays = options.AddendumLeadDays,
                DeadlineFor = route => deadlines.For(facts.PayerId, decided, facts.ServiceDate, route, level),
                DaysLeft = deadlines.DaysLeft,
                ClaimHasOtherLineWith = code => detail.Lines.Any(l => l.Sequence != denial.Line && string.Equals(l.Code, code, StringComparison.OrdinalIgnoreCase)),
            });
        }).ToList();
        decisions = [.. LineDecider.ApplyValue(decisions, triage.ReworkCost)];

        var packet = new AppealPacket
        {
            ClaimId = claimId,
            Decisions = decisions,
            Evidence = evidence,
            Level = level,
            LevelName = levelName,
            Form = form,
            Deadline = appealDeadline,
            LevelCount = windows.Levels.Count,
            PayerId = facts.PayerId,
            DecisionDate = decided,
            PayerClaimNumber = payerClaimNumber,
            AccountNumber = account,
        };
        if (NoLetterReason(decisions) is { } why)
        {
            return packet with { NoLetter = why };
        }

        var now = clock.GetUtcNow();
        var model = AppealLetterBuilder.Model(new LetterInput
        {
            Context = context,
            Detail = detail,
            Content = content,
            Decisions = decisions,
            Today = DateOnly.FromDateTime(now.UtcDateTime),
            Form = form,
            LevelName = levelName,
            Level = level,
            Deadline = decisions.Any(x => x.Action == DenialRoute.Appeal) ? appealDeadline : deadlines.For(facts.PayerId, decided, facts.ServiceDate, DenialRoute.RetroAuthorization, level),
            PayerId = facts.PayerId,
            PayerClaimNumber = payerClaimNumber,
            Decision = latest,
            PriorDecision = request.PriorDecision,
            PriorLevelName = level > 0 ? windows.Levels[level - 1].Level : null,
            PriorReference = request.PriorReference,
        });
        var html = AppealLetterBuilder.Render(model, content, facts.PayerId);
        var pdf = Pdf(html, Reference(payerClaimNumber, account));
        var document = AppealFhirOutputs.Document(context, detail, pdf, now, Reference(payerClaimNumber, account));
        var quoted = decisions.Where(x => x.Contested && x.Evidence is not null).SelectMany(x => x.Evidence!.Sets).SelectMany(s => s.Criteria)
            .SelectMany(c => c.Evidence).Select(e => e.DocumentId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return packet with
        {
            Letter = model,
            Html = html,
            Pdf = pdf,
            Unbacked = CheckBacking(html, context),
            Document = document,
            SubmitAttachment = AppealFhirOutputs.SubmitAttachment(context, detail, document, packet.ContestedLines, quoted),
        };
    }

    /// <summary>
    /// Why no letter is written: nothing contested (every line goes another way), or a line still waits for the
    /// clinician's answer (the letter would go out without it). Null when a letter is due.
    /// </summary>
    private static string? NoLetterReason(IReadOnlyList<LineDecision> decisions)
    {
        var waiting = decisions.Where(x => x.Action == DenialRoute.AskClinician).ToList();
        if (waiting.Count > 0)
        {
            return $"No letter yet: {Lines(waiting)} wait{(waiting.Count == 1 ? "s" : "")} for the clinician's answer; the letter is built once the chart shows what the payer needs.";
        }

        return decisions.Any(x => x.Contested)
            ? null
            : "No letter: no line of this claim is worth appealing; each line's decision says what to do instead.";
    }

    private static string Lines(IEnumerable<LineDecision> decisions)
    {
        var list = decisions.Select(x => x.Line.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        return list.Count == 1 ? "line " + list[0] : "lines " + string.Join(", ", list);
    }

    private static AppealPacket Empty(string claimId, string? account, string why) => new()
    {
        ClaimId = claimId,
        Decisions = [],
        Evidence = new AppealEvidence([], 0, 0),
        LevelName = "",
        AccountNumber = account,
        NoLetter = why,
    };

    private static DomainResource? Resolve(ClaimContext context, string source)
    {
        var slash = source.IndexOf('/', StringComparison.Ordinal);
        var (type, id) = slash < 0 ? ("", source) : (source[..slash], source[(slash + 1)..]);
        return type switch
        {
            "ExplanationOfBenefit" => context.ExplanationsOfBenefit.FirstOrDefault(e => e.Id == id),
            "ClaimResponse" => context.ClaimResponses.FirstOrDefault(r => r.Id == id),
            _ => null,
        };
    }

    /// <summary>How the letter's files name the claim: the payer's claim number, else the practice's account number.</summary>
    public static string Reference(string? payerClaimNumber, string? accountNumber) =>
        payerClaimNumber is { } n ? "claim " + n : accountNumber is { } a ? "account " + a : "claim";

    /// <summary>How a claim's letter names it, from the claim's own record (the payer's number on its latest decision, else the account number).</summary>
    public static string ReferenceOf(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var detail = ClaimDisplayMapper.ToDetail(context);
        var latest = detail.Adjudications.Count > 0 ? Resolve(context, detail.Adjudications[0].Source) : null;
        return Reference(ClaimNumbers.PayerClaimNumber(latest), context.Claim is { } claim ? ClaimNumbers.AccountNumber(claim) : null);
    }

    /// <summary>The letter with a fax cover sheet in front, for a payer that takes appeals by fax.</summary>
    public static string WithFaxCover(string html, string fax, string reference) => LetterPdf.WithFaxCover(html, fax, reference);

    /// <summary>The letter (as built or as a biller edited it) as the PDF sent to the payer.</summary>
    public static byte[] Pdf(string html, string reference) => LetterPdf.Write(html, $"Appeal: {reference}", $"Appeal: {reference}");

    /// <summary>The packet DocumentReference for a letter a biller reviewed: final, not preliminary.</summary>
    public DocumentReference FinalDocument(ClaimContext context, byte[] pdf, string reference)
    {
        ArgumentNullException.ThrowIfNull(context);
        var document = AppealFhirOutputs.Document(context, ClaimDisplayMapper.ToDetail(context), pdf, clock.GetUtcNow(), reference);
        document.DocStatus = CompositionStatus.Final;
        return document;
    }

    /// <summary>The CDex Parameters for a reviewed letter, with the notes its quotes come from.</summary>
    public static Parameters SubmitAttachment(ClaimContext context, DocumentReference document, IReadOnlyList<int> lines, string html)
    {
        ArgumentNullException.ThrowIfNull(context);
        var notes = context.Notes.Select(n => n.Id).OfType<string>().Where(id => html.Contains("\"DocumentReference/" + id + "\"", StringComparison.Ordinal)).ToList();
        return AppealFhirOutputs.SubmitAttachment(context, ClaimDisplayMapper.ToDetail(context), document, lines, notes);
    }

    /// <summary>Checks a letter (for example after a biller's edit) against the claim's notes and coded facts.</summary>
    /// <summary>Days from the appeal decisions' "today" to <paramref name="date"/> (negative when passed): what the page, the late check and the decisions share.</summary>
    public int DaysLeft(DateOnly date) => deadlines.DaysLeft(date);

    public IReadOnlyList<UnbackedStatement> CheckBacking(string html, ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var detail = ClaimDisplayMapper.ToDetail(context);
        var notes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var note in context.Notes)
        {
            if (note.Id is { } id && NoteTextReader.ReadOne(note) is { } text)
            {
                notes["DocumentReference/" + id] = text;
            }
        }

        var payerId = detail.Adjudications.Count > 0 && Resolve(context, detail.Adjudications[0].Source) is { } resource
            ? detector.Detect(resource)?.Facts.PayerId
            : context.Payer?.Id;
        return LetterBackingCheck.Check(html, notes, new AppealFacts(context, detail, rules, payerId).All());
    }
}
