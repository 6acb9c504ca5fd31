using FhirApp.Core.Claims.Fhir;

namespace FhirApp.Core.Claims.Sources;

/// <summary>
/// Where FHIR resources come from, whatever the transport: a Bulk NDJSON / Bundle folder, a Bulk Data <c>$export</c>
/// of the EHR (downloaded into a folder first), later an X12 835. Two ways to read, both streamed: in bounded pages
/// of resources (intake of adjudications, where each page is stored and checkpointed on its own), and one patient's
/// record at a time (training, batch scoring), so no caller needs every resource in memory at once.
/// </summary>
public interface IFhirSource
{
    /// <summary>A label for messages and job runs, without PHI (e.g. "folder history" or "Bulk export of sandbox").</summary>
    string Name { get; }

    /// <summary>Resources in pages of at most <paramref name="pageSize"/> lines; unreadable ones come back as issues of their page.</summary>
    IAsyncEnumerable<FhirSourcePage> ReadPagesAsync(int pageSize, CancellationToken ct);

    /// <summary>Patient records (each with the shared resources it references), in a stable order.</summary>
    IAsyncEnumerable<PatientRecord> ReadPatientRecordsAsync(CancellationToken ct);
}
