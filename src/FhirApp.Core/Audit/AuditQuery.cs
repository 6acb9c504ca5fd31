namespace FhirApp.Core.Audit;

/// <summary>A page of one practice's audit trail; null filters match everything. Times are UTC, To exclusive.</summary>
public sealed record AuditQuery(string Tenant)
{
    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public string? User { get; init; }

    /// <summary>`Patient/{id}` or a bare id.</summary>
    public string? Patient { get; init; }

    public AuditAction? Action { get; init; }

    public int Skip { get; init; }

    public int Take { get; init; } = 50;
}
