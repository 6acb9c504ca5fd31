using System.Globalization;
using FhirApp.Core.Data;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Task = System.Threading.Tasks.Task;

namespace FhirApp.Core.Denials;

/// <summary>
/// The denials intake behind <see cref="IAdjudicationSink"/>: stores each new resource version's derived fields and
/// keeps one work item per denied line. Idempotent by (tenant, type, id, versionId): a page stored again changes
/// nothing. The newest version of an EOB owns its lines' derived data; status, assignee, next action and notes of
/// existing work items survive new versions. A resource that cannot be stored is recorded with its error and the rest
/// of the page stores. One call = one transaction. Two instances storing the same page at once: the unique indexes make
/// the later commit fail (DbUpdateException) and its retry finds everything already stored; no in-process lock is used.
/// </summary>
public sealed class DenialIntake(IDbContextFactory<AppDbContext> contexts, DenialDetector detector, DenialDeadlines deadlines, TimeProvider clock) : IAdjudicationSink
{
    public async Task<IntakeResult> StoreAsync(string tenant, string source, IReadOnlyList<Resource> resources, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentNullException.ThrowIfNull(resources);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var page = new PageState(db, tenant);
        await page.LoadAsync(resources.Select(r => r?.Id).OfType<string>().Where(id => id.Length > 0).Distinct().ToList(), ct);

        int stored = 0, already = 0, denialLines = 0;
        foreach (var resource in resources)
        {
            var decision = Read(resource, out var error);
            if (decision is null)
            {
                await RecordErrorAsync(db, tenant, source, resource, error!, now, ct);
                continue;
            }

            var facts = decision.Facts;
            // Versions holds what was stored before and what this page added: a repeat in either is already stored.
            if (page.Versions.Any(v => v.ResourceType == facts.ResourceType && v.ResourceId == facts.ResourceId && v.VersionId == facts.VersionId))
            {
                already++;
                continue;
            }

            var current = page.Versions.FirstOrDefault(v => v.ResourceType == facts.ResourceType && v.ResourceId == facts.ResourceId && v.IsCurrent);
            var row = NewRow(tenant, source, facts, decision.Denials.Count, now);
            db.StoredAdjudications.Add(row);
            page.Versions.Add(row);
            if (current is null || IsNewer(facts, current))
            {
                if (current is not null)
                {
                    current.IsCurrent = false;
                }

                row.IsCurrent = true;
                ApplyLines(page, decision, now);
            }

            stored++;
            denialLines += decision.Denials.Count;
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new IntakeResult(stored, already, denialLines);
    }

    // The errors are worded for the log; the jobs page words them for billers (Intake/UnreadableAdjudication.WhyInWords).
    private AdjudicationDecision? Read(Resource resource, out string? error)
    {
        error = null;
        if (resource is not (ExplanationOfBenefit or ClaimResponse))
        {
            error = $"not an ExplanationOfBenefit or ClaimResponse ({resource?.TypeName ?? "null"})";
            return null;
        }

        if (string.IsNullOrEmpty(resource.Id))
        {
            error = "no id: the resource cannot be stored idempotently";
            return null;
        }

        try
        {
            return detector.Detect(resource);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            // One unreadable resource must not cost the page: record it and move on.
            error = $"could not be read ({ex.GetType().Name})";
            return null;
        }
    }

    private void ApplyLines(PageState page, AdjudicationDecision decision, DateTime now)
    {
        var facts = decision.Facts;
        var items = page.ItemsOf(facts.ResourceType, facts.ResourceId);
        foreach (var denial in decision.Denials)
        {
            var item = items.FirstOrDefault(i => i.Line == denial.Line);
            if (item is null)
            {
                item = new DenialWorkItem
                {
                    Tenant = page.Tenant,
                    ClaimId = facts.ClaimId,
                    AdjudicationType = facts.ResourceType,
                    EobId = facts.ResourceId,
                    EobVersion = facts.VersionId,
                    Line = denial.Line,
                    Status = DenialStatus.Open,
                    CreatedAt = now,
                };
                items.Add(item);
                page.Db.DenialWorkItems.Add(item);
            }
            else if (item.ClearedByPayer && item.Status == DenialStatus.Closed)
            {
                item.Status = DenialStatus.Open; // denied again after the payer had cleared it
            }

            var route = DenialDeadlines.Route(denial.Kind, denial.Cause.Category);
            var deadline = deadlines.For(facts.PayerId, facts.DecisionDate, facts.ServiceDate, route);
            item.ClaimId = facts.ClaimId;
            item.PatientId = facts.PatientId;
            item.PayerId = facts.PayerId;
            item.Provider = facts.Provider;
            item.RenderingProvider = denial.RenderingProvider;
            item.Procedure = denial.Procedure;
            item.EobVersion = facts.VersionId;
            item.Kind = denial.Kind;
            item.Category = denial.Cause.Category;
            item.Owner = denial.Cause.Owner;
            item.Rule = denial.Cause.Rule;
            item.Carc = denial.Carc;
            item.GroupCode = denial.Group;
            item.Rarc = denial.Rarcs.Count == 0 ? null : string.Join(' ', denial.Rarcs);
            item.ErrorCode = denial.ErrorCode;
            item.Amount = denial.Amount;
            item.DecisionDate = facts.DecisionDate;
            item.ServiceDate = facts.ServiceDate;
            item.Deadline = deadline?.Date;
            item.DeadlineLevel = deadline?.Level;
            item.Route = route;
            item.ClearedByPayer = false;
            item.UpdatedAt = now;
        }

        // Lines the new version no longer denies: flagged, never deleted (their notes are the record). Untouched
        // items close themselves; items someone is working keep their status for that person to close.
        foreach (var item in items.Where(i => decision.Denials.All(d => d.Line != i.Line) && !i.ClearedByPayer))
        {
            item.ClearedByPayer = true;
            item.EobVersion = facts.VersionId;
            item.UpdatedAt = now;
            if (item.Status == DenialStatus.Open)
            {
                item.Status = DenialStatus.Closed;
            }
        }
    }

    // Newer by meta.lastUpdated when both have it, else by numeric versionId, else the later arrival wins.
    private static bool IsNewer(AdjudicationFacts incoming, StoredAdjudication current)
    {
        if (incoming.LastUpdated is { } updated && current.LastUpdated is { } currentUpdated)
        {
            return updated.UtcDateTime > currentUpdated;
        }

        if (long.TryParse(incoming.VersionId, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            && long.TryParse(current.VersionId, NumberStyles.None, CultureInfo.InvariantCulture, out var currentVersion))
        {
            return version > currentVersion;
        }

        return true;
    }

    private static StoredAdjudication NewRow(string tenant, string source, AdjudicationFacts facts, int denialLines, DateTime now) => new()
    {
        Tenant = tenant,
        ResourceType = facts.ResourceType,
        ResourceId = facts.ResourceId,
        VersionId = facts.VersionId,
        Source = source,
        StoredAt = now,
        LastUpdated = facts.LastUpdated?.UtcDateTime,
        Status = facts.Status,
        Outcome = facts.Outcome,
        Use = facts.Use,
        ClaimId = facts.ClaimId,
        PatientId = facts.PatientId,
        PayerId = facts.PayerId,
        Provider = facts.Provider,
        PayerName = facts.PayerName,
        ProviderName = facts.ProviderName,
        RenderingProvider = facts.RenderingProvider,
        ProcedureCodes = facts.ProcedureCodes,
        DecisionDate = facts.DecisionDate,
        ServiceDate = facts.ServiceDate,
        Submitted = facts.Submitted,
        Paid = facts.Paid,
        DenialLines = denialLines,
    };

    private static async Task RecordErrorAsync(AppDbContext db, string tenant, string source, Resource? resource, string error, DateTime now, CancellationToken ct)
    {
        var type = resource?.TypeName;
        var id = string.IsNullOrEmpty(resource?.Id) ? null : resource.Id;
        var version = resource?.Meta?.VersionId;
        // The same bad resource in a retried page is recorded once.
        var known = db.AdjudicationIntakeErrors.Local.Any(e => e.Tenant == tenant && e.Source == source && e.ResourceType == type && e.ResourceId == id && e.VersionId == version && e.Error == error)
            || await db.AdjudicationIntakeErrors.AnyAsync(e => e.Tenant == tenant && e.Source == source && e.ResourceType == type && e.ResourceId == id && e.VersionId == version && e.Error == error, ct);
        if (!known)
        {
            db.AdjudicationIntakeErrors.Add(new AdjudicationIntakeError
            {
                Tenant = tenant,
                Source = source,
                ResourceType = type,
                ResourceId = id,
                VersionId = version,
                Error = error,
                RecordedAt = now,
            });
        }
    }

    /// <summary>The stored versions and work items of the resources in one page, loaded once and tracked.</summary>
    private sealed class PageState(AppDbContext db, string tenant)
    {
        private readonly Dictionary<(string, string), List<DenialWorkItem>> _items = [];

        public AppDbContext Db => db;

        public string Tenant => tenant;

        public List<StoredAdjudication> Versions { get; private set; } = [];

        public async Task LoadAsync(List<string> ids, CancellationToken ct)
        {
            Versions = await db.StoredAdjudications.Where(s => s.Tenant == tenant && ids.Contains(s.ResourceId)).ToListAsync(ct);
            foreach (var item in await db.DenialWorkItems.Where(w => w.Tenant == tenant && ids.Contains(w.EobId)).ToListAsync(ct))
            {
                ItemsOf(item.AdjudicationType, item.EobId).Add(item);
            }
        }

        public List<DenialWorkItem> ItemsOf(string type, string id) =>
            _items.TryGetValue((type, id), out var list) ? list : _items[(type, id)] = [];
    }
}
