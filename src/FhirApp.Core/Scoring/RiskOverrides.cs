using FhirApp.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace FhirApp.Core.Scoring;

/// <summary>
/// Billers' overrides of denial-risk scores, each with a reason. A claim has at most one: a later judgement replaces
/// the earlier one (who, when and why of the latest). The trainer reads them as feedback: see
/// <see cref="DenialRiskTrainer.OverrideWeight"/>.
/// </summary>
public sealed class RiskOverrides(IDbContextFactory<AppDbContext> contexts, TimeProvider clock)
{
    public async Task<RiskOverride> SetAsync(string tenant, string claimId, RiskScore score, bool expectsPaid, string reason, string decidedBy, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(score);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("A score override needs a reason.", nameof(reason));
        }
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.RiskOverrides.SingleOrDefaultAsync(o => o.Tenant == tenant && o.ClaimId == claimId, ct);
        if (row is null)
        {
            row = new RiskOverride { Tenant = tenant, ClaimId = claimId, ModelVersion = "", Reason = "", DecidedBy = "" };
            db.RiskOverrides.Add(row);
        }
        row.Score = score.Score;
        row.ModelVersion = score.ColdStart ? "" : score.ModelVersion ?? "";
        row.ExpectsPaid = expectsPaid;
        row.Reason = reason.Trim();
        row.DecidedBy = decidedBy;
        row.DecidedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return row;
    }

    public async Task<RiskOverride?> ForClaimAsync(string tenant, string claimId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.RiskOverrides.AsNoTracking().SingleOrDefaultAsync(o => o.Tenant == tenant && o.ClaimId == claimId, ct);
    }

    /// <summary>Claim id → the biller expects it paid (true) or denied (false), for training.</summary>
    public async Task<IReadOnlyDictionary<string, bool>> ForTrainingAsync(string tenant, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.RiskOverrides.AsNoTracking().Where(o => o.Tenant == tenant)
            .ToDictionaryAsync(o => o.ClaimId, o => o.ExpectsPaid, StringComparer.Ordinal, ct);
    }
}
