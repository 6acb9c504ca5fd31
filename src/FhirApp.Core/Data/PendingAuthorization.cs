namespace FhirApp.Core.Data;

/// <summary>One outstanding authorization request. Deleted when its callback arrives, so each state is accepted once.</summary>
public sealed class PendingAuthorization
{
    public required string Id { get; set; }

    public required string RegistrationId { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
