using System.Globalization;
using FhirApp.Core.Audit;
using FhirApp.Core.Claims;
using FhirApp.Core.Data;
using FhirApp.Core.Denials;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Appeals;

/// <summary>
/// The appeal workflow the appeal screen and the queue's bulk action call: open a claim's appeal at its current level
/// (recording each line's decision on its work items, so the queue shows the same route and date), save, file in the
/// chart, send to the payer (CDex, or an export confirmed by the biller), record the payer's outcome, and start the next
/// level. Pages render and call; they make no decision of their own.
/// </summary>
public sealed class AppealWorkflow(AppealService appeals, AppealLog log, DenialService denials, DenialDeadlines deadlines, DenialTriage triage, AppealSender sender)
{
    private static readonly AppealStatus[] Upheld = [AppealStatus.Upheld, AppealStatus.Partial];

    /// <summary>The claim's appeal at its current level; each line's decision is recorded on its work items.</summary>
    public async Task<AppealCase> OpenAsync(DenialScope scope, ClaimContext context, AuditActor user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(context);
        var claimId = ClaimDisplayMapper.ToSummary(context).Id;
        var history = await log.ForClaimsAsync(scope.Tenant, [claimId], ct);
        var current = history.Count > 0 ? history[^1] : null;
        var decided = await log.DecidedAsync(scope.Tenant, ct);
        var packet = appeals.Build(context, Request(current, decided));
        await RecordDecisionsAsync(scope, packet, user, ct);
        return Case(context, packet, history, current, decided);
    }

    /// <summary>Starts the level after an upheld one: its draft is saved at once, so the claim's appeal is at that level from now on.</summary>
    public async Task<AppealCase> StartNextLevelAsync(DenialScope scope, ClaimContext context, AuditActor user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var opened = await OpenAsync(scope, context, user, ct);
        if (opened.Next is not { } next || opened.Record is not { } upheld)
        {
            throw new InvalidOperationException("There is no further level to start: the current level was not upheld, or the payer has no level after it.");
        }

        var decided = await log.DecidedAsync(scope.Tenant, ct);
        var packet = appeals.Build(context, new AppealRequest
        {
            Level = next.Level,
            PriorDecision = upheld.OutcomeDate,
            PriorReference = upheld.OutcomeReference,
            Lines = LinesOf(upheld),
            Overturn = Overturn(decided, opened.Packet.PayerId, next.Name),
        });
        await RecordDecisionsAsync(scope, packet, user, ct);
        if (Draft(context, packet) is not { } draft)
        {
            throw new InvalidOperationException(packet.NoLetter ?? "No letter can be written for the next level.");
        }

        await log.SaveDraftAsync(scope.Tenant, draft, user, ct);
        return await OpenAsync(scope, context, user, ct);
    }

    /// <summary>Checks a letter (as built, or as a biller edited it) against the claim's notes and coded facts.</summary>
    public IReadOnlyList<UnbackedStatement> CheckBacking(string html, ClaimContext context) => appeals.CheckBacking(html, context);

    /// <summary>True when the appeal's deadline (the one <see cref="DenialDeadlines"/> dates for the queue and the letter) has passed.</summary>
    public bool IsLate(AppealCase appeal)
    {
        ArgumentNullException.ThrowIfNull(appeal);
        return appeal.Packet.Deadline is { } due && appeals.DaysLeft(due.Date) < 0;
    }

    /// <summary>Days left to a date by the same "today" the appeal decisions use (negative when passed).</summary>
    public int DaysLeft(DateOnly date) => appeals.DaysLeft(date);

    /// <summary>
    /// Checks and saves the letter as the biller edited it. Past the deadline the letter is saved only with a late-filing
    /// (good cause) reason, which the letter then states in its own paragraph; without one it throws
    /// <see cref="AppealPastDeadlineException"/>, and the screen offers the reason or a write-off instead.
    /// </summary>
    public async Task<(AppealRecord Record, IReadOnlyList<UnbackedStatement> Unbacked)> SaveAsync(string tenant, AppealCase appeal, ClaimContext context, string html, AuditActor user, CancellationToken ct, string? lateReason = null)
    {
        ArgumentNullException.ThrowIfNull(appeal);
        ArgumentNullException.ThrowIfNull(html);
        var draft = appeal.Draft ?? throw new InvalidOperationException(appeal.Packet.NoLetter ?? "There is no letter to save.");
        var unbacked = appeals.CheckBacking(html, context);
        if (IsLate(appeal))
        {
            if (string.IsNullOrWhiteSpace(lateReason) && !html.Contains(GoodCauseMarker, StringComparison.Ordinal))
            {
                var due = appeal.Packet.Deadline!.Date;
                throw new AppealPastDeadlineException(string.Create(CultureInfo.InvariantCulture,
                    $"The deadline for this appeal was {due:MMMM d, yyyy} ({-appeals.DaysLeft(due)} days ago). Give the reason it is late (good cause), or write the denial off."));
            }

            if (!string.IsNullOrWhiteSpace(lateReason) && !html.Contains(GoodCauseMarker, StringComparison.Ordinal))
            {
                // The reason is the biller's own statement, not a claim about the chart: it is added after the backing check.
                html += $"<p class=\"{GoodCauseMarker}\"><b>Request to accept this appeal after the deadline (good cause).</b> {System.Net.WebUtility.HtmlEncode(lateReason.Trim())}</p>";
            }
        }

        var record = await log.SaveDraftAsync(tenant, draft with { Html = html, Unbacked = unbacked.Count }, user, ct);
        return (record, unbacked);
    }

    /// <summary>The class of the letter's late-filing paragraph.</summary>
    public const string GoodCauseMarker = "late-filing-good-cause";

    /// <summary>Files the saved letter in the chart (a final DocumentReference, written by <paramref name="create"/>); the payer does not have it.</summary>
    public async Task<AppealRecord> FileAsync(string tenant, AppealCase appeal, ClaimContext context, Func<DocumentReference, CancellationToken, Task<string>> create, AuditActor user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(appeal);
        ArgumentNullException.ThrowIfNull(create);
        var record = Saved(appeal);
        var reference = Reference(appeal.Packet);
        var document = appeals.FinalDocument(context, AppealService.Pdf(record.Html!, reference), reference);
        var id = await create(document, ct);
        return await log.MarkFiledAsync(tenant, record.Id, "DocumentReference/" + id, user, ct);
    }

    /// <summary>Sends the saved letter and the notes it quotes by CDex <c>$submit-attachment</c>; marked sent only with the payer's acknowledgement.</summary>
    public async Task<AppealRecord> SendAsync(string tenant, AppealCase appeal, ClaimContext context, AuditActor user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(appeal);
        var record = Saved(appeal);
        var channel = appeal.Channel;
        if (channel.Channel != AppealSender.Cdex)
        {
            throw new InvalidOperationException("This payer takes appeals by portal or fax: export the packet, then confirm it once the payer has it.");
        }

        var reference = Reference(appeal.Packet);
        var document = appeals.FinalDocument(context, AppealService.Pdf(record.Html!, reference), reference);
        var parameters = AppealService.SubmitAttachment(context, document, LinesOf(record), record.Html!);
        var receipt = await sender.SubmitAttachmentAsync(channel, parameters, ct);
        var sent = await log.MarkSentAsync(tenant, record.Id, receipt.Channel, receipt.Acknowledgement, receipt.Detail, user, ct);
        await denials.MarkAppealedAsync(DenialScope.Practice(tenant), sent.ClaimId, LinesOf(sent), followUp: null, user, ct);
        return sent;
    }

    /// <summary>The packet for the payer's portal (the PDF) or fax (the PDF behind a fax cover sheet); the appeal waits for the biller's confirmation.</summary>
    public async Task<(AppealRecord Record, byte[] Pdf, string FileName)> ExportAsync(string tenant, AppealCase appeal, AuditActor user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(appeal);
        var record = Saved(appeal);
        var channel = appeal.Channel;
        var reference = Reference(appeal.Packet);
        var html = channel.Channel == AppealSender.Fax ? AppealService.WithFaxCover(record.Html!, channel.Fax ?? "(the payer's appeals fax)", "Appeal: " + reference) : record.Html!;
        var pdf = AppealService.Pdf(html, reference);
        var saved = await log.MarkExportedAsync(tenant, record.Id, channel.Channel == AppealSender.Fax ? AppealSender.Fax : AppealSender.Portal, user, ct);
        return (saved, pdf, $"appeal-{AppealFhirOutputs.FileSafe(reference)}{(channel.Channel == AppealSender.Fax ? "-fax" : "")}.pdf");
    }

    /// <summary>Confirms an exported appeal reached the payer, with the portal's or fax's confirmation.</summary>
    public async Task<AppealRecord> ConfirmSentAsync(string tenant, AppealRecord record, string confirmation, AuditActor user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(user);
        var sent = await log.MarkSentAsync(tenant, record.Id, record.Channel ?? AppealSender.Portal, confirmation, "Confirmed by " + user.User, user, ct);
        // The payer has it: the queue's items move to Appealed, with a date to follow up.
        await denials.MarkAppealedAsync(DenialScope.Practice(tenant), sent.ClaimId, LinesOf(sent), followUp: null, user, ct);
        return sent;
    }

    /// <summary>
    /// Records the payer's decision on the current level. Upheld (or partly): the contested lines move to the next level in
    /// the queue, due within its window from this decision's date; when the payer has no next level, they are written off.
    /// </summary>
    public async Task<AppealRecord> RecordOutcomeAsync(DenialScope scope, AppealCase appeal, AppealStatus outcome, DateOnly? decided, string? reference, AuditActor user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(appeal);
        var record = appeal.Record ?? throw new InvalidOperationException("Save and send the appeal first.");
        var saved = await log.RecordOutcomeAsync(scope.Tenant, record.Id, outcome, decided, reference, user, ct);
        if (Upheld.Contains(outcome))
        {
            var next = saved.LevelNumber + 1;
            var routing = next < appeal.Packet.LevelCount
                ? new LineRouting(DenialRoute.Appeal, string.Create(CultureInfo.InvariantCulture, $"The payer upheld the {saved.Level} on {saved.OutcomeDate:yyyy-MM-dd}: the next level is open until its deadline."), next, saved.OutcomeDate)
                : new LineRouting(DenialRoute.WriteOff, string.Create(CultureInfo.InvariantCulture, $"The payer upheld the {saved.Level}, its last appeal level, on {saved.OutcomeDate:yyyy-MM-dd}: adjust it off."), saved.LevelNumber);
            foreach (var line in LinesOf(saved))
            {
                await denials.RecordDecisionAsync(scope, saved.ClaimId, line, routing, user, ct);
            }
        }

        return saved;
    }

    /// <summary>
    /// The queue's bulk "Build appeal packets": each claim's lines are decided first, and a letter is drafted only when
    /// a line's decision is to appeal (never for a corrected claim, a patient bill, a write-off, a question to the
    /// clinician, or a retro-authorization request alone); an existing draft keeps its edits, a filed or sent letter is left alone.
    /// </summary>
    public async Task<IReadOnlyList<BulkAppealResult>> DraftAllAsync(DenialScope scope, IReadOnlyList<(string ClaimId, ClaimContext? Context)> claims, AuditActor user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var results = new List<BulkAppealResult>();
        foreach (var (claimId, context) in claims.DistinctBy(c => c.ClaimId))
        {
            if (context is null)
            {
                results.Add(new BulkAppealResult(claimId, false, 0, 0, 0, "Not among the claims the EHR shared for this launch: open it from the chart."));
                continue;
            }

            var appeal = await OpenAsync(scope, context, user, ct);
            var packet = appeal.Packet;
            var decisions = string.Join(" ", packet.Decisions.Select(d => string.Create(CultureInfo.InvariantCulture, $"Line {d.Line}: {Action(d.Action)}.")));
            if (appeal.Draft is not { } draft)
            {
                results.Add(new BulkAppealResult(claimId, false, 0, 0, 0, $"No appeal drafted. {decisions}".Trim()));
                continue;
            }

            // A retro-authorization request is not an appeal: it goes to the payer's authorization desk, one claim at a
            // time from the claim's page, and a bulk "appeal" never drafts one.
            if (!packet.Decisions.Any(d => d.Action == DenialRoute.Appeal))
            {
                results.Add(new BulkAppealResult(claimId, false, 0, 0, 0,
                    $"No appeal drafted. {decisions} Open the claim to request the retroactive authorization."));
                continue;
            }

            if (appeal.Record is { } existing)
            {
                results.Add(new BulkAppealResult(claimId, existing.Html is not null, existing.CriteriaFound, existing.CriteriaTotal, existing.Unbacked,
                    $"Already {StatusName(existing.Status)}: left as it is."));
                continue;
            }

            await log.SaveDraftAsync(scope.Tenant, draft, user, ct);
            results.Add(new BulkAppealResult(claimId, true, draft.CriteriaFound, draft.CriteriaTotal, draft.Unbacked,
                (draft.Unbacked > 0 ? "Drafted; some sentences need backing." : "Drafted.") + " " + decisions));
        }

        return results;
    }

    /// <summary>The action in plain words, as the screens show it.</summary>
    public static string Action(DenialRoute route) => route switch
    {
        DenialRoute.Appeal => "appeal",
        DenialRoute.CorrectedClaim => "corrected claim",
        DenialRoute.RetroAuthorization => "retro-authorization request",
        DenialRoute.BillPatient => "bill the patient",
        DenialRoute.WriteOff => "write off",
        DenialRoute.AskClinician => "ask the clinician",
        DenialRoute.Resubmit => "resubmit as a new claim",
        _ => "review the account",
    };

    public static string StatusName(AppealStatus status) => status switch
    {
        AppealStatus.Draft => "a draft",
        AppealStatus.Filed => "filed in the chart (not sent)",
        AppealStatus.Exported => "exported, waiting for confirmation",
        AppealStatus.Submitted => "sent to the payer",
        AppealStatus.Overturned => "overturned",
        AppealStatus.Upheld => "upheld",
        _ => "partly overturned",
    };

    private async System.Threading.Tasks.Task RecordDecisionsAsync(DenialScope scope, AppealPacket packet, AuditActor user, CancellationToken ct)
    {
        foreach (var decision in packet.Decisions)
        {
            await denials.RecordDecisionAsync(scope, packet.ClaimId, decision.Line,
                new LineRouting(decision.Action, decision.Why, packet.Level, packet.Level > 0 ? packet.DecisionDate : null), user, ct);
        }
    }

    private AppealCase Case(ClaimContext context, AppealPacket packet, IReadOnlyList<AppealRecord> history, AppealRecord? current, IReadOnlyList<AppealOutcomeFact> decided)
    {
        var record = current is not null && current.LevelNumber == packet.Level ? current : null;
        var draft = Draft(context, packet);
        var category = draft?.Category ?? (packet.Decisions.Count > 0 ? packet.Decisions[0].Category : DenialCategory.Other);
        var estimate = AppealOdds.Estimate(decided, triage.OverturnPrior(category), category, packet.PayerId, packet.LevelName,
            draft is null ? null : AppealOdds.CompletenessOf(draft.CriteriaFound, draft.CriteriaTotal));
        NextLevel? next = null;
        if (record is { OutcomeDate: { } upheldOn } && Upheld.Contains(record.Status) && record.LevelNumber + 1 < packet.LevelCount
            && !history.Any(h => h.LevelNumber > record.LevelNumber))
        {
            var level = record.LevelNumber + 1;
            var serviceDate = ClaimDisplayMapper.ToSummary(context).ServiceDate;
            var windows = deadlines.WindowsFor(packet.PayerId, upheldOn);
            next = new NextLevel(level, windows.Levels[level].Level, windows.FormAt(level), deadlines.For(packet.PayerId, upheldOn, serviceDate, DenialRoute.Appeal, level));
        }

        return new AppealCase
        {
            Packet = packet,
            Draft = draft,
            Record = record,
            History = history,
            Estimate = estimate,
            Next = next,
            Channel = sender.ChannelFor(packet.PayerId),
        };
    }

    private static AppealDraft? Draft(ClaimContext context, AppealPacket packet)
    {
        if (packet.Html is not { } html)
        {
            return null;
        }

        var contested = packet.Decisions.Where(d => d.Contested).ToList();
        var (found, total) = packet.Criteria;
        return new AppealDraft(packet.ClaimId, context.Patient?.Id, packet.PayerId, contested[0].Category, packet.LevelName, packet.Deadline?.Date,
            contested.Sum(d => d.Amount), total, found, html, packet.Unbacked.Count)
        {
            LevelNumber = packet.Level,
            Lines = packet.ContestedLines,
            PriorDecision = packet.Level > 0 ? packet.DecisionDate : null,
            PriorReference = packet.Letter?.PriorDecisionReference,
        };
    }

    private AppealRequest Request(AppealRecord? current, IReadOnlyList<AppealOutcomeFact> decided) => current is null || current.LevelNumber == 0
        ? new AppealRequest { Overturn = Overturn(decided, current?.PayerId, current?.Level ?? "") }
        : new AppealRequest
        {
            Level = current.LevelNumber,
            PriorDecision = current.PriorDecision,
            PriorReference = current.PriorReference,
            Lines = LinesOf(current),
            Overturn = Overturn(decided, current.PayerId, current.Level),
        };

    private Func<DenialCategory, double> Overturn(IReadOnlyList<AppealOutcomeFact> decided, string? payer, string level) =>
        category => AppealOdds.Estimate(decided, triage.OverturnPrior(category), category, payer, level, null).Probability;

    private static AppealRecord Saved(AppealCase appeal) =>
        appeal.Record is { Html: not null } record ? record : throw new InvalidOperationException("Check and save the letter first.");

    private static string Reference(AppealPacket packet) => AppealService.Reference(packet.PayerClaimNumber, packet.AccountNumber);

    private static List<int> LinesOf(AppealRecord record) =>
        record.Lines?.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToList() ?? [];
}
