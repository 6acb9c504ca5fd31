namespace FhirApp.Core.Data;

/// <summary>A work note on a denial, typically a payer call: who was reached, the call reference, and what happens next.</summary>
public sealed class DenialWorkNote
{
    public long Id { get; set; }

    public long WorkItemId { get; set; }

    public required string Tenant { get; set; }

    /// <summary>The payer representative spoken to.</summary>
    public string? Representative { get; set; }

    /// <summary>The payer's call or case reference number.</summary>
    public string? ReferenceNumber { get; set; }

    public string? NextStep { get; set; }

    public string? Text { get; set; }

    /// <summary>The fhirUser (or name) of who wrote it.</summary>
    public required string Author { get; set; }

    /// <summary>UTC.</summary>
    public DateTime At { get; set; }
}
