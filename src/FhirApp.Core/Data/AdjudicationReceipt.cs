namespace FhirApp.Core.Data;

/// <summary>
/// One resource version the default intake sink received (type + id + versionId per tenant, once), with how many times
/// it was delivered. Kept until the denials feature's own storage replaces the default sink.
/// </summary>
public sealed class AdjudicationReceipt
{
    public long Id { get; set; }

    public required string Tenant { get; set; }

    public required string ResourceType { get; set; }

    public required string ResourceId { get; set; }

    public required string VersionId { get; set; }

    public required string Source { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>1 + redeliveries (a page stored again after a restart before its checkpoint moved).</summary>
    public int Deliveries { get; set; } = 1;
}
