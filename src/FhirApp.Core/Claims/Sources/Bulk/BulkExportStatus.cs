namespace FhirApp.Core.Claims.Sources.Bulk;

/// <summary>One status poll's answer: still running (with the server's progress text and the wait it asked for) or complete.</summary>
public sealed record BulkExportStatus(BulkExportManifest? Manifest, string? Progress, TimeSpan Wait)
{
    public bool Complete => Manifest is not null;
}
