using FhirApp.Core.Data;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;

namespace FhirApp.Core.Denials.Intake;

/// <summary>
/// The default sink until the denials feature registers its own: records each resource version once per tenant
/// (counting redeliveries) and finds no denials. Idempotent by type + id + versionId, one transaction per page.
/// </summary>
public sealed class AdjudicationReceiptSink(IDbContextFactory<AppDbContext> dbs, TimeProvider clock) : IAdjudicationSink
{
    public async Task<IntakeResult> StoreAsync(string tenant, string source, IReadOnlyList<Resource> resources, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(resources);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var ids = resources.Select(r => r.Id).Distinct(StringComparer.Ordinal).ToList();
        var existing = await db.AdjudicationReceipts.Where(r => r.Tenant == tenant && ids.Contains(r.ResourceId)).ToListAsync(ct);
        var byKey = existing.ToDictionary(r => (r.ResourceType, r.ResourceId, r.VersionId));
        int stored = 0, already = 0;
        foreach (var resource in resources)
        {
            var key = (ResourceType: resource.TypeName, ResourceId: resource.Id ?? "", VersionId: resource.Meta?.VersionId ?? "");
            if (byKey.TryGetValue(key, out var receipt))
            {
                receipt.Deliveries++;
                already++;
                continue;
            }
            receipt = new AdjudicationReceipt
            {
                Tenant = tenant,
                ResourceType = key.ResourceType,
                ResourceId = key.ResourceId,
                VersionId = key.VersionId,
                Source = source,
                ReceivedAt = clock.GetUtcNow(),
            };
            db.AdjudicationReceipts.Add(receipt);
            byKey[key] = receipt;
            stored++;
        }
        await db.SaveChangesAsync(ct);
        return new IntakeResult(stored, already, DenialLines: 0);
    }
}
