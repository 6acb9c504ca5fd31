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

    /// <summary>The level's position (0 = first), as the payer's windows order them.</summary>
    public int LevelNumber { get; set; }

    /// <summary>The claim lines the letter contests, space-separated ("1 3").</summary>
    public string? Lines { get; set; }

    /// <summary>For a level after the first: the date of the prior level's decision, from which this level's window counts.</summary>
    public DateOnly? PriorDecision { get; set; }

    /// <summary>The payer's reference for the prior level's decision, quoted in the letter.</summary>
    public string? PriorReference { get; set; }

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

    /// <summary>The packet DocumentReference on the EHR, once filed in the chart (filing is not sending).</summary>
    public string? PacketDocument { get; set; }

    /// <summary>UTC: when the letter was filed in the chart.</summary>
    public DateTime? FiledAt { get; set; }

    /// <summary>How it went to the payer: "cdex", "portal" or "fax".</summary>
    public string? Channel { get; set; }

    /// <summary>The payer's acknowledgement: its tracking number, or the portal's or fax's confirmation a biller entered.</summary>
    public string? Acknowledgement { get; set; }

    /// <summary>The acknowledgement as received (the payer's OperationOutcome as JSON, or the biller's note), for the record.</summary>
    public string? AcknowledgementDetail { get; set; }

    /// <summary>The date of the payer's decision on this appeal, as its notice says (the next level's window counts from it).</summary>
    public DateOnly? OutcomeDate { get; set; }

    /// <summary>The payer's reference for its decision on this appeal.</summary>
    public string? OutcomeReference { get; set; }

    public required string CreatedBy { get; set; }

    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }

    public string? UpdatedBy { get; set; }

    /// <summary>UTC.</summary>
    public DateTime UpdatedAt { get; set; }

    /// <summary>UTC: when it was sent to the payer.</summary>
    public DateTime? SubmittedAt { get; set; }

    /// <summary>UTC.</summary>
    public DateTime? OutcomeAt { get; set; }

    public EvidenceCompleteness Completeness => AppealOdds.CompletenessOf(CriteriaFound, CriteriaTotal);
}
