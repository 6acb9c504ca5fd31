namespace FhirApp.Core.Denials;

/// <summary>A payer call log entry (or a plain note) on a work item, as entered and as shown.</summary>
public sealed record DenialCallNote(string? Representative, string? ReferenceNumber, string? NextStep, string? Text)
{
    /// <summary>Who wrote it, when (UTC); set by the service.</summary>
    public string? Author { get; init; }

    public DateTime? At { get; init; }
}
