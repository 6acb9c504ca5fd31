namespace FhirApp.Core.Data;

/// <summary>One outstanding authorization request. Deleted when its callback arrives, so each state is accepted once.</summary>
public sealed class PendingAuthorization
{
    public required string Id { get; set; }

    /// <summary>UTC. A DateTime, not DateTimeOffset, so that SQLite can compare it in a query.</summary>
    public DateTime ExpiresAt { get; set; }
}
