using FhirApp.Core.Audit;
using System.Text.Json;
using FhirApp.Core.Data;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.EntityFrameworkCore;

namespace FhirApp.Core.Scrubbing.Corrections;

/// <summary>
/// Accepted corrections: the audit of who accepted which fix, when, from which launch, and the draft Claim it produced.
/// A claim's accepted fixes stack; <see cref="LatestDraftAsync"/> is the draft the next fix builds on.
/// </summary>
public sealed class CorrectionLog(IDbContextFactory<AppDbContext> contexts, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Fhir = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

    // Drafts are read back leniently: a claim the EHR sent with gaps (no priority, say) stays a readable draft.
    private static readonly FhirJsonDeserializer Lenient = new(new DeserializerSettings().UsingMode(DeserializationMode.Ostrich));

    public async Task<ClaimCorrection> AcceptAsync(string tenant, CorrectionProposal proposal, AuditActor acceptedBy, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(acceptedBy);
        var row = new ClaimCorrection
        {
            Tenant = tenant,
            ClaimId = proposal.Draft.Id ?? throw new ArgumentException("The draft has no claim id.", nameof(proposal)),
            RuleId = proposal.Finding.RuleId,
            LineSequence = proposal.Finding.LineSequence ?? 0,
            Why = proposal.Fix.Why,
            ChangesJson = JsonSerializer.Serialize(proposal.Changes),
            DraftJson = JsonSerializer.Serialize(proposal.Draft, Fhir),
            AcceptedBy = acceptedBy.User,
            LaunchId = acceptedBy.LaunchId ?? "",
            AcceptedAt = clock.GetUtcNow().UtcDateTime,
        };
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.ClaimCorrections.Add(row);
        AuditTrail.Stage(db, tenant, acceptedBy, new AuditRecord(AuditAction.Update, $"Claim/{row.ClaimId}", "claim-correction", AuditRecord.PatientOf(proposal.Draft.Patient?.Reference)), clock);
        await db.SaveChangesAsync(ct);
        return row;
    }

    /// <summary>The accepted corrections of these claims, oldest first.</summary>
    public async Task<IReadOnlyList<ClaimCorrection>> ForClaimsAsync(string tenant, IReadOnlyCollection<string> claimIds, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.ClaimCorrections.AsNoTracking()
            .Where(c => c.Tenant == tenant && claimIds.Contains(c.ClaimId))
            .OrderBy(c => c.Id)
            .ToListAsync(ct);
    }

    /// <summary>The draft after the claim's latest accepted fix, or null when none was accepted.</summary>
    public async Task<Claim?> LatestDraftAsync(string tenant, string claimId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var json = await db.ClaimCorrections.AsNoTracking()
            .Where(c => c.Tenant == tenant && c.ClaimId == claimId)
            .OrderByDescending(c => c.Id)
            .Select(c => c.DraftJson)
            .FirstOrDefaultAsync(ct);
        return json is null ? null : ParseDraft(json);
    }

    public static Claim ParseDraft(string json)
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json));
        Lenient.TryDeserializeResource(ref reader, out var resource, out _);
        return resource as Claim ?? throw new InvalidOperationException("A stored claim draft is not a Claim.");
    }

    public static IReadOnlyList<ClaimChange> ParseChanges(string json) => JsonSerializer.Deserialize<List<ClaimChange>>(json) ?? [];
}
