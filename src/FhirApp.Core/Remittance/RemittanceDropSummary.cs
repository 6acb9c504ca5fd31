namespace FhirApp.Core.Remittance;

/// <summary>What one drop-folder run did: files imported and refused, files left for the next run, claims read and EOB versions newly stored.</summary>
public sealed record RemittanceDropSummary(long RunId, int Imported, int Refused, int Waiting, int Claims, int Stored);
