namespace FhirApp.Core.Data;

/// <summary>
/// A corrected-claim fix a person accepted: what changed and why, the full draft Claim after it (FHIR JSON, status draft,
/// not sent anywhere), who accepted it and from which launch. The rows of one claim stack: each draft builds on the one before.
/// </summary>
public sealed class ClaimCorrection
{
    public long Id { get; set; }

    public required string Tenant { get; set; }

    public required string ClaimId { get; set; }

    /// <summary>The finding the fix clears.</summary>
    public required string RuleId { get; set; }

    /// <summary>0 for a claim-level finding.</summary>
    public int LineSequence { get; set; }

    /// <summary>What determined the fixed value, e.g. "the note names a separately identifiable problem".</summary>
    public required string Why { get; set; }

    /// <summary>The changes as JSON: [{"path","before","after"}].</summary>
    public required string ChangesJson { get; set; }

    /// <summary>The whole draft Claim after this fix, FHIR R4 JSON.</summary>
    public required string DraftJson { get; set; }

    public required string AcceptedBy { get; set; }

    public required string LaunchId { get; set; }

    /// <summary>UTC.</summary>
    public DateTime AcceptedAt { get; set; }
}
