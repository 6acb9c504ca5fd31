namespace FhirApp.Core.Claims.Sources.Bulk;

/// <summary>What to export: a Group's patients (<see cref="GroupId"/>) or every patient (Patient/$export), which types, changed since when.</summary>
public sealed record BulkExportRequest(string? GroupId, IReadOnlyList<string> Types, DateTimeOffset? Since, string? TypeFilter = null)
{
    /// <summary>The kick-off path below the FHIR base.</summary>
    public string Path => GroupId is { Length: > 0 } group ? $"Group/{Uri.EscapeDataString(group)}/$export" : "Patient/$export";
}
