namespace FhirApp.Core.Claims.Sources.Bulk;

/// <summary>
/// What a folder export did: whether it resumed an export a previous run started, the files written by this run and
/// kept from an earlier one, bytes written, resources per type (the manifest's counts), records the EHR could not
/// export, and the export's transactionTime (the next incremental export's _since).
/// </summary>
public sealed record BulkFolderExportResult(
    bool Resumed, int FilesWritten, int FilesKept, long Bytes, IReadOnlyDictionary<string, long> ResourcesPerType, int Errors, DateTimeOffset TransactionTime);
