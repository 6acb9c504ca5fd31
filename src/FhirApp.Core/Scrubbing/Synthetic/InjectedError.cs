namespace FhirApp.Core.Scrubbing.Synthetic;

/// <summary>The truth about one defective synthetic claim: which defect went in, and the category a finding should carry.</summary>
public sealed record InjectedError(string ClaimId, InjectedDefect Defect, FindingCategory Category);
