namespace FhirApp.Core.Claims.Sources.Bulk;

/// <summary>
/// What to export: a Group's patients (<see cref="GroupId"/>), every patient (Patient/$export) or, with
/// <see cref="SystemLevel"/>, everything the server holds ($export); which types, changed since when.
/// </summary>
public sealed record BulkExportRequest(string? GroupId, IReadOnlyList<string> Types, DateTimeOffset? Since, string? TypeFilter = null)
{
    /// <summary>System-level export ([base]/$export) instead of Patient/$export when no group is given.</summary>
    public bool SystemLevel { get; init; }

    /// <summary>The kick-off path below the FHIR base.</summary>
    public string Path => GroupId is { Length: > 0 } group ? $"Group/{Uri.EscapeDataString(group)}/$export" : SystemLevel ? "$export" : "Patient/$export";
}
