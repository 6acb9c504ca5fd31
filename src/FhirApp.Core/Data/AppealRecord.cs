using FhirApp.Core.Appeals;
using FhirApp.Core.Denials;

namespace FhirApp.Core.Data;

/// <summary>
/// One appeal of one claim at one level, in one practice: the biller's letter (as edited), what the evidence covered,
/// whether it was sent to the EHR, and the payer's outcome. Unique by (tenant, claim, level). Outcomes feed the appeal
/// success estimate and the dashboard's overturn rate.
/// </summary>
public sealed class AppealRecord
{
    public long Id { get; set; }

    public required string Tenant { get; set; }

    public required string ClaimId { get; set; }

    public string? PatientId { get; set; }

    public string? PayerId { get; set; }

    public DenialCategory Category { get; set; }

    /// <summary>Appeal level as the deadline table names it ("redetermination", "first-level appeal"...); "" when unknown.</summary>
    public required string Level { get; set; }

    public DateOnly? Deadline { get; set; }

    /// <summary>Denied dollars the appeal is about.</summary>
    public decimal Amount { get; set; }

    public int CriteriaTotal { get; set; }

    public int CriteriaFound { get; set; }

    /// <summary>The letter as the biller last saved it (HTML).</summary>
    public string? Html { get; set; }

    /// <summary>Sentences without backing in the saved letter; a letter is sent only at 0.</summary>
    public int Unbacked { get; set; }

    public AppealStatus Status { get; set; }

    /// <summary>The packet DocumentReference on the EHR, once sent.</summary>
    public string? PacketDocument { get; set; }

    public required string CreatedBy { get; set; }

    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }

    public string? UpdatedBy { get; set; }

    /// <summary>UTC.</summary>
    public DateTime UpdatedAt { get; set; }

    /// <summary>UTC.</summary>
    public DateTime? SubmittedAt { get; set; }

    /// <summary>UTC.</summary>
    public DateTime? OutcomeAt { get; set; }

    public EvidenceCompleteness Completeness => AppealOdds.CompletenessOf(CriteriaFound, CriteriaTotal);
}
