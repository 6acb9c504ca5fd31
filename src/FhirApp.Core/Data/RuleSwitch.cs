namespace FhirApp.Core.Data;

/// <summary>A rule turned off (or back on) for one payer in one practice, with who, when and why. The latest row per rule wins.</summary>
public sealed class RuleSwitch
{
    public long Id { get; set; }

    public required string Tenant { get; set; }

    public required string PayerId { get; set; }

    public required string RuleId { get; set; }

    public bool Disabled { get; set; }

    public required string Reason { get; set; }

    public required string ChangedBy { get; set; }

    /// <summary>UTC.</summary>
    public DateTime ChangedAt { get; set; }
}
