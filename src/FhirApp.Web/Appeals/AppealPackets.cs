using System.Globalization;
using FhirApp.Core.Appeals;
using FhirApp.Core.Audit;
using FhirApp.Core.Claims;
using FhirApp.Core.Denials;
using FhirApp.Web.Claims;
using FhirApp.Web.Smart;

namespace FhirApp.Web.Appeals;

/// <summary>
/// Builds a claim's appeal packet with what the denial intake knows about it (level, deadline, category, denied dollars
/// from the work items; else the packet's own level and the CARC's category), for one claim's screen or in bulk for a
/// group of same-cause denials.
/// </summary>
public sealed class AppealPackets(AppealService appeals, AppealLog log, DenialService denials, DenialTriage triage, DenialCauseTable causes, PatientClaimsService claims)
{
    /// <summary>The packet, and the draft it would be saved as (with the generated letter).</summary>
    public async Task<(AppealPacket Packet, AppealDraft Draft)> BuildAsync(DenialScope scope, ClaimContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var packet = appeals.Build(context);
        var detail = ClaimDisplayMapper.ToDetail(context);
        var items = await denials.ForClaimAsync(scope, packet.ClaimId, ct);
        var item = items.FirstOrDefault(i => i.Kind == DenialKind.Denial);
        var level = item?.DeadlineLevel ?? packet.Letter.AppealLevel ?? "first-level appeal";
        var deadline = item?.Deadline ?? (DateOnly.TryParse(packet.Letter.AppealDeadline, CultureInfo.InvariantCulture, out var due) ? due : null);
        var carc = detail.Lines.Where(l => l.Adjudication?.Denied == true).SelectMany(l => l.Adjudication!.Reasons).FirstOrDefault(r => r.IsCarc && r.IsDenial)?.Code;
        var category = item?.Category ?? causes.Classify(carc, []).Category;
        var amount = items.Any(i => i.Kind == DenialKind.Denial)
            ? items.Where(i => i.Kind == DenialKind.Denial).Sum(i => i.Amount)
            : detail.Lines.Where(l => l.Adjudication?.Denied == true).Sum(l => l.Charge ?? 0);
        var criteria = packet.Evidence.Sets.SelectMany(s => s.Criteria).ToList();
        var draft = new AppealDraft(packet.ClaimId, context.Patient?.Id, context.Payer?.Id, category, level, deadline, amount,
            criteria.Count, criteria.Count(c => c.Found), packet.Html, packet.Unbacked.Count);
        return (packet, draft);
    }

    /// <summary>P(overturn) for a draft, from the practice's decided appeals.</summary>
    public async Task<AppealEstimate> EstimateAsync(string tenant, AppealDraft draft, CancellationToken ct) =>
        AppealOdds.Estimate(await log.DecidedAsync(tenant, ct), triage.OverturnPrior(draft.Category), draft.Category, draft.PayerId, draft.Level,
            AppealOdds.CompletenessOf(draft.CriteriaFound, draft.CriteriaTotal));

    /// <summary>
    /// Drafts an appeal for each claim that has none at its level yet (an existing draft keeps its edits; a sent one is
    /// left alone), from the launch's claims. Returns one line per claim saying what happened.
    /// </summary>
    public async Task<IReadOnlyList<BulkAppealResult>> DraftAllAsync(LaunchContext launch, IReadOnlyCollection<string> claimIds, AuditActor user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var tenant = launch.Practice;
        var view = await claims.GetAsync(launch, refresh: false, ct);
        var results = new List<BulkAppealResult>();
        foreach (var claimId in claimIds.Distinct(StringComparer.Ordinal))
        {
            if (!view.Contexts.TryGetValue(claimId, out var context))
            {
                results.Add(new BulkAppealResult(claimId, false, 0, 0, 0, "Not among the claims the EHR shared for this launch: open it from the chart."));
                continue;
            }

            var (_, draft) = await BuildAsync(launch.Denials, context, ct);
            if (await log.FindAsync(tenant, claimId, draft.Level, ct) is { } existing)
            {
                results.Add(new BulkAppealResult(claimId, existing.Html is not null, existing.CriteriaFound, existing.CriteriaTotal, existing.Unbacked,
                    $"Already {existing.Status.ToString().ToLowerInvariant()}: left as it is."));
                continue;
            }

            await log.SaveDraftAsync(tenant, draft, user, ct);
            results.Add(new BulkAppealResult(claimId, true, draft.CriteriaFound, draft.CriteriaTotal, draft.Unbacked,
                draft.Unbacked > 0 ? "Drafted; some sentences need backing." : draft.CriteriaFound < draft.CriteriaTotal ? "Drafted; evidence missing for some criteria." : "Drafted."));
        }

        return results;
    }
}

/// <summary>One claim of a bulk build: whether a saved letter exists now, its evidence, and what happened.</summary>
public sealed record BulkAppealResult(string ClaimId, bool HasLetter, int CriteriaFound, int CriteriaTotal, int Unbacked, string Message);
