namespace FhirApp.Core.Scrubbing;

/// <summary>
/// Where a rule comes from, precise enough to verify: the document, its version (effective for the date of service),
/// and the clause or row. Example: "NCCI PTP practitioner (starter table) v2026-Q1, 29881 / 29877, modifier indicator 1".
/// </summary>
public sealed record SourceCitation(string Document, string Version, string? Clause = null)
{
    public override string ToString() => Clause is null ? $"{Document} v{Version}" : $"{Document} v{Version}, {Clause}";
}
