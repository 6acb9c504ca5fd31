namespace FhirApp.Core.Claims.Sources.Bulk;

/// <summary>What a history export wrote: files, bytes, resources the EHR could not export, and the export's transactionTime.</summary>
public sealed record BulkHistoryResult(int Files, long Bytes, int Errors, DateTimeOffset TransactionTime);
