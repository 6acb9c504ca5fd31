namespace FhirApp.Core.Denials.Intake;

/// <summary>What one export intake reads: a practice's Group (or every patient), the types, where downloads go.</summary>
/// <param name="Tenant">The practice the rows are stored under.</param>
/// <param name="Source">Kept with the checkpoint, errors and stored rows, e.g. "export:sandbox".</param>
/// <param name="GroupId">The EHR's Group for the practice; null exports Patient/$export.</param>
/// <param name="ResourceTypes">E.g. ExplanationOfBenefit and ClaimResponse.</param>
/// <param name="WorkDirectory">Where files are downloaded before they are read (deleted once read).</param>
/// <param name="PageSize">Lines stored (and checkpointed) together.</param>
public sealed record BulkExportTarget(string Tenant, string Source, string? GroupId, IReadOnlyList<string> ResourceTypes, string WorkDirectory, int PageSize);
