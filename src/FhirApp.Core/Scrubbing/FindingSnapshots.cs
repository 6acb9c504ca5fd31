using System.Text.Json;
using FhirApp.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace FhirApp.Core.Scrubbing;

/// <summary>
/// The findings each claim version had when FhirApp first scrubbed it, and the trace from a denial back to them: warned
/// and overridden, warned and not acted on, not warned (preventable, no rule yet), or never checked. The snapshot taken
/// before the payer's decision is the one that counts.
/// </summary>
public sealed class FindingSnapshots(IDbContextFactory<AppDbContext> dbs, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Stores a snapshot of each claim version not seen before; versions already stored are left as they were.</summary>
    public async Task RecordAsync(string tenant, IReadOnlyList<(string ClaimId, string Version, ScrubResult Result)> scrubbed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scrubbed);
        var usable = scrubbed.Where(s => s.Result.Error is null).ToList();
        if (usable.Count == 0)
        {
            return;
        }

        await using var db = await dbs.CreateDbContextAsync(ct);
        var ids = usable.Select(s => s.ClaimId).Distinct().ToList();
        var known = (await db.ClaimFindingSnapshots.AsNoTracking()
                .Where(s => s.Tenant == tenant && ids.Contains(s.ClaimId))
                .Select(s => new { s.ClaimId, s.ClaimVersion })
                .ToListAsync(ct))
            .Select(s => (s.ClaimId, s.ClaimVersion)).ToHashSet();
        var now = clock.GetUtcNow();
        foreach (var (claimId, version, result) in usable.DistinctBy(s => (s.ClaimId, s.Version)).Where(s => !known.Contains((s.ClaimId, s.Version))))
        {
            db.ClaimFindingSnapshots.Add(new ClaimFindingSnapshot
            {
                Tenant = tenant,
                ClaimId = claimId,
                ClaimVersion = version,
                TakenAt = now,
                FindingsJson = JsonSerializer.Serialize(result.Findings.Select(SnapshotFinding.Of).ToList(), Json),
            });
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another instance stored the same claim version first (unique index): its snapshot is as good as ours.
        }
    }

    /// <summary>
    /// The trace of each denied line: the latest snapshot of its claim taken on or before the decision date (any, when the
    /// date is unknown), and in it a finding of the denial's rule family on that line or on the whole claim. One query
    /// for the snapshots and one for the overrides, whatever the number of lines.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, DenialTrace>> TraceAsync(string tenant, IReadOnlyList<TracedDenial> denials, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(denials);
        if (denials.Count == 0)
        {
            return new Dictionary<long, DenialTrace>();
        }

        await using var db = await dbs.CreateDbContextAsync(ct);
        var ids = denials.Select(d => d.ClaimId).Distinct().ToList();
        var snapshots = (await db.ClaimFindingSnapshots.AsNoTracking().Where(s => s.Tenant == tenant && ids.Contains(s.ClaimId)).ToListAsync(ct))
            .ToLookup(s => s.ClaimId, StringComparer.Ordinal);
        var overrides = (await db.FindingOverrides.AsNoTracking().Where(o => o.Tenant == tenant && ids.Contains(o.ClaimId)).ToListAsync(ct))
            .ToLookup(o => (o.ClaimId, o.RuleId));
        return denials.ToDictionary(d => d.Id, d => Trace(d, snapshots[d.ClaimId], overrides));
    }

    private static DenialTrace Trace(TracedDenial denial, IEnumerable<ClaimFindingSnapshot> snapshots, ILookup<(string, string), FindingOverride> overrides)
    {
        var before = denial.Decided is { } day ? snapshots.Where(s => DateOnly.FromDateTime(s.TakenAt.UtcDateTime) <= day) : snapshots;
        if (before.MaxBy(s => s.TakenAt) is not { } snapshot)
        {
            return new DenialTrace(DenialTraceKind.NotChecked);
        }

        var findings = JsonSerializer.Deserialize<List<SnapshotFinding>>(snapshot.FindingsJson, Json) ?? [];
        var warned = findings.FirstOrDefault(f => denial.RuleFamily is { } family && Family(f).Contains(family)
            && (denial.Line == 0 || f.Line is null || f.Line == denial.Line));
        if (warned is null)
        {
            return new DenialTrace(DenialTraceKind.NotWarned, CheckedAt: snapshot.TakenAt);
        }

        return overrides[(denial.ClaimId, warned.RuleId)].MaxBy(o => o.Id) is { } overridden
            ? new DenialTrace(DenialTraceKind.WarnedOverridden, warned, overridden.Reason, snapshot.TakenAt)
            : new DenialTrace(DenialTraceKind.WarnedIgnored, warned, CheckedAt: snapshot.TakenAt);
    }

    /// <summary>The claim version a snapshot is keyed by.</summary>
    public static string VersionOf(Hl7.Fhir.Model.Claim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return claim.Meta?.VersionId ?? claim.Meta?.LastUpdated?.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "unversioned";
    }

    /// <summary>The denial rule families a finding speaks for: its rule id's family ("auth" of "auth.required") and its category's.</summary>
    private static string[] Family(SnapshotFinding finding) =>
    [
        finding.RuleId.Split('.')[0],
        finding.Category switch
        {
            FindingCategory.Eligibility => "eligibility",
            FindingCategory.Demographics => "demographics",
            FindingCategory.PriorAuthorization => "auth",
            FindingCategory.Coding => "coding",
            FindingCategory.Modifiers => "modifiers",
            FindingCategory.Units => "units",
            FindingCategory.TimelyFiling => "filing",
            FindingCategory.Duplicate => "duplicate",
            FindingCategory.MissingInformation => "missing",
            FindingCategory.Documentation => "documentation",
            _ => "",
        },
    ];
}
