namespace FhirApp.Core.Data;

/// <summary>A Data Protection key ring element, so restarts and other instances can read cookies and stored tokens.</summary>
public sealed class StoredDataProtectionKey
{
    public int Id { get; set; }

    public string? FriendlyName { get; set; }

    public required string Xml { get; set; }
}
