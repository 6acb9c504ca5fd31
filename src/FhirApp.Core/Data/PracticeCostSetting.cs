namespace FhirApp.Core.Data;

/// <summary>
/// A practice's own figure for the cost of reworking one denied claim (staff time × loaded rate + overhead), as an owner
/// set it on the dashboard. Rows are kept as a history; the latest row per practice wins.
/// </summary>
public sealed class PracticeCostSetting
{
    public long Id { get; set; }

    public required string Tenant { get; set; }

    /// <summary>Dollars per reworked claim.</summary>
    public decimal ReworkCostPerClaim { get; set; }

    public required string ChangedBy { get; set; }

    /// <summary>UTC.</summary>
    public DateTime ChangedAt { get; set; }
}
