using FhirApp.Core.Audit;
using FhirApp.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace FhirApp.Core.Scrubbing;

/// <summary>
/// What billers decided about findings: overrides (this finding does not apply to this claim, because…) and per-payer
/// rule switches. Every decision is a stored row with who, when and why; nothing is deleted.
/// </summary>
public sealed class FindingDecisions(IDbContextFactory<AppDbContext> contexts, TimeProvider clock)
{
    /// <summary>How far back overrides count as feedback on a rule.</summary>
    public static readonly TimeSpan FeedbackWindow = TimeSpan.FromDays(180);

    public async Task OverrideAsync(string tenant, string claimId, string? payerId, ScrubFinding finding, string reason, AuditActor decidedBy, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(decidedBy);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("An override needs a reason.", nameof(reason));
        }
        var line = finding.LineSequence ?? 0;
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await db.FindingOverrides.AnyAsync(o => o.Tenant == tenant && o.ClaimId == claimId && o.RuleId == finding.RuleId && o.LineSequence == line, ct))
        {
            return; // already overridden: the first decision stands as the record
        }
        db.FindingOverrides.Add(new FindingOverride
        {
            Tenant = tenant,
            ClaimId = claimId,
            PayerId = payerId,
            RuleId = finding.RuleId,
            LineSequence = line,
            Reason = reason.Trim(),
            DecidedBy = decidedBy.User,
            DecidedAt = clock.GetUtcNow().UtcDateTime,
        });
        AuditTrail.Stage(db, tenant, decidedBy, new AuditRecord(AuditAction.Create, $"Claim/{claimId}", "finding-override"), clock);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Turns a check off for one payer of the practice: a cause from <see cref="RuleOffCause.All"/> and the owner's own words.</summary>
    public Task TurnOffAsync(string tenant, string payerId, string ruleId, RuleOffCause cause, string details, AuditActor changedBy, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cause);
        if (RuleOffCause.Find(cause.Key) is null)
        {
            throw new ArgumentException("Choose why the rule is turned off from the list.", nameof(cause));
        }
        if (string.IsNullOrWhiteSpace(details))
        {
            throw new ArgumentException("Say in a few words what makes this rule wrong for the payer.", nameof(details));
        }
        return SwitchAsync(tenant, payerId, ruleId, disabled: true, cause.With(details), changedBy, ct);
    }

    /// <summary>Turns a check back on for one payer.</summary>
    public Task TurnOnAsync(string tenant, string payerId, string ruleId, string reason, AuditActor changedBy, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("Turning a rule back on needs a reason.", nameof(reason));
        }
        return SwitchAsync(tenant, payerId, ruleId, disabled: false, reason.Trim(), changedBy, ct);
    }

    /// <summary>The checks turned off in this practice now, each with the switch that turned it off (who, when, why).</summary>
    public async Task<IReadOnlyList<RuleSwitch>> TurnedOffAsync(string tenant, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var switches = await db.RuleSwitches.AsNoTracking().Where(s => s.Tenant == tenant).ToListAsync(ct);
        return [.. switches.GroupBy(s => (s.PayerId, s.RuleId)).Select(g => g.MaxBy(s => s.Id)!).Where(s => s.Disabled).OrderBy(s => s.ChangedAt)];
    }

    private async Task SwitchAsync(string tenant, string payerId, string ruleId, bool disabled, string reason, AuditActor changedBy, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(changedBy);
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.RuleSwitches.Add(new RuleSwitch
        {
            Tenant = tenant,
            PayerId = payerId,
            RuleId = ruleId,
            Disabled = disabled,
            Reason = reason,
            ChangedBy = changedBy.User,
            ChangedAt = clock.GetUtcNow().UtcDateTime,
        });
        AuditTrail.Stage(db, tenant, changedBy, new AuditRecord(AuditAction.Update, $"Organization/{payerId}", disabled ? "rule-disable" : "rule-enable"), clock);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The decisions that apply to these claims in this practice.</summary>
    public async Task<DecisionSet> LoadAsync(string tenant, IReadOnlyCollection<string> claimIds, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var overrides = await db.FindingOverrides.AsNoTracking()
            .Where(o => o.Tenant == tenant && claimIds.Contains(o.ClaimId))
            .ToListAsync(ct);
        var switches = await db.RuleSwitches.AsNoTracking()
            .Where(s => s.Tenant == tenant)
            .OrderBy(s => s.Id)
            .ToListAsync(ct);
        var disabled = new HashSet<(string, string)>();
        foreach (var s in switches)
        {
            if (s.Disabled)
            {
                disabled.Add((s.PayerId, s.RuleId));
            }
            else
            {
                disabled.Remove((s.PayerId, s.RuleId));
            }
        }
        // Feedback: how often billers overrode each rule for each payer lately, with the latest reason.
        var since = clock.GetUtcNow().UtcDateTime - FeedbackWindow;
        var recent = await db.FindingOverrides.AsNoTracking()
            .Where(o => o.Tenant == tenant && o.PayerId != null && o.DecidedAt >= since)
            .Select(o => new { o.PayerId, o.RuleId, o.ClaimId, o.Reason, o.DecidedAt, o.Id })
            .ToListAsync(ct);
        var feedback = recent
            .GroupBy(o => (o.PayerId!, o.RuleId))
            .ToDictionary(g => g.Key, g =>
            {
                var latest = g.MaxBy(o => o.Id)!;
                return new RuleOverrideFeedback(g.Select(o => o.ClaimId).Distinct(StringComparer.Ordinal).Count(), latest.Reason, latest.DecidedAt);
            });
        return new DecisionSet(overrides.ToDictionary(o => (o.ClaimId, o.RuleId, o.LineSequence)), disabled) { Feedback = feedback };
    }
}

/// <summary>Overrides by (claim, rule, line) and the (payer, rule) pairs turned off.</summary>
public sealed record DecisionSet(
    IReadOnlyDictionary<(string ClaimId, string RuleId, int Line), FindingOverride> Overrides,
    IReadOnlySet<(string PayerId, string RuleId)> Disabled)
{
    public static DecisionSet None { get; } = new(new Dictionary<(string, string, int), FindingOverride>(), new HashSet<(string, string)>());

    /// <summary>Override counts per (payer, rule) across the practice: what billers keep overriding is shown next to the finding.</summary>
    public IReadOnlyDictionary<(string PayerId, string RuleId), RuleOverrideFeedback> Feedback { get; init; } =
        new Dictionary<(string, string), RuleOverrideFeedback>();

    public RuleOverrideFeedback? FeedbackOn(string? payerId, string ruleId) => payerId is null ? null : Feedback.GetValueOrDefault((payerId, ruleId));

    /// <summary>The findings still in force for a claim: rules off for its payer removed, overridden ones paired with their override.</summary>
    public IReadOnlyList<(ScrubFinding Finding, FindingOverride? Override)> Apply(ScrubResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return [.. result.Findings
            .Where(f => result.PayerId is null || !Disabled.Contains((result.PayerId, f.RuleId)))
            .Select(f => (f, Overrides.GetValueOrDefault((result.ClaimId, f.RuleId, f.LineSequence ?? 0))))];
    }

    /// <summary>
    /// Findings an accepted fix cleared in the claim's corrected draft, by (claim, rule, line): they stop counting like
    /// an override. Loaded from the correction log by the caller (<see cref="WithFixes"/>).
    /// </summary>
    public IReadOnlySet<(string ClaimId, string RuleId, int Line)> Fixed { get; init; } = new HashSet<(string, string, int)>();

    /// <summary>This set with the findings the practice's accepted fixes cleared.</summary>
    public DecisionSet WithFixes(IEnumerable<(string ClaimId, string RuleId, int Line)> fixes) => this with { Fixed = fixes.ToHashSet() };

    /// <summary>True when an accepted fix cleared this finding of this claim.</summary>
    public bool IsFixed(string claimId, ScrubFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return Fixed.Contains((claimId, finding.RuleId, finding.LineSequence ?? 0));
    }

    /// <summary>The findings that still need the biller: neither turned off for the payer, overridden nor fixed in the corrected draft.</summary>
    public IReadOnlyList<ScrubFinding> Open(ScrubResult result) =>
        [.. Apply(result).Where(f => f.Override is null && !IsFixed(result.ClaimId, f.Finding)).Select(f => f.Finding)];
}
