using System.ComponentModel.DataAnnotations;

namespace FhirApp.Core.Scrubbing.Corrections.X12;

/// <summary>
/// Who sends an 837P and to whom: the practice's clearinghouse enrollment (submitter and receiver ids, interchange ids)
/// and the control number of the file. Per practice; bind from configuration and validate on start
/// (<c>ValidateDataAnnotations</c>). The billing provider, patient, payer and claim come from FHIR, never from here.
/// </summary>
public sealed record Submitter837Options
{
    /// <summary>NM1*41 NM103: the submitter's name (usually the practice or its billing service).</summary>
    [Required, StringLength(60, MinimumLength = 1)]
    public string SubmitterName { get; init; } = "";

    /// <summary>NM1*41 NM109: the submitter id (ETIN) the clearinghouse assigned.</summary>
    [Required, StringLength(80, MinimumLength = 2)]
    public string SubmitterId { get; init; } = "";

    /// <summary>PER02: whom the clearinghouse calls about the file.</summary>
    [Required, StringLength(60, MinimumLength = 1)]
    public string ContactName { get; init; } = "";

    /// <summary>PER04: ten digits.</summary>
    [Required, RegularExpression(@"^\d{10}$")]
    public string ContactPhone { get; init; } = "";

    /// <summary>NM1*40 NM103: the receiver (clearinghouse or payer).</summary>
    [Required, StringLength(60, MinimumLength = 1)]
    public string ReceiverName { get; init; } = "";

    /// <summary>NM1*40 NM109.</summary>
    [Required, StringLength(80, MinimumLength = 2)]
    public string ReceiverId { get; init; } = "";

    /// <summary>ISA05/ISA06 and ISA07/ISA08: interchange id qualifiers (ZZ mutually defined, 30 tax id…) and ids (up to 15 characters).</summary>
    [Required, StringLength(2, MinimumLength = 2)]
    public string InterchangeSenderQualifier { get; init; } = "ZZ";

    [Required, StringLength(15, MinimumLength = 1)]
    public string InterchangeSenderId { get; init; } = "";

    [Required, StringLength(2, MinimumLength = 2)]
    public string InterchangeReceiverQualifier { get; init; } = "ZZ";

    [Required, StringLength(15, MinimumLength = 1)]
    public string InterchangeReceiverId { get; init; } = "";

    /// <summary>GS02 / GS03; default: the interchange ids.</summary>
    [StringLength(15, MinimumLength = 2)]
    public string? ApplicationSenderCode { get; init; }

    [StringLength(15, MinimumLength = 2)]
    public string? ApplicationReceiverCode { get; init; }

    /// <summary>ISA15: T (test) until the clearinghouse has approved the practice's files, then P.</summary>
    [RegularExpression("^[PT]$")]
    public string Usage { get; init; } = "T";

    /// <summary>ISA13 (and GS06): unique per file sent; the caller keeps the sequence.</summary>
    [Range(1, 999_999_999)]
    public int ControlNumber { get; init; } = 1;

    /// <summary>
    /// The billing provider's nine-digit ZIP code when the EHR's Organization holds only five: the 837P requires all
    /// nine for the billing provider.
    /// </summary>
    [RegularExpression(@"^\d{9}$")]
    public string? BillingProviderZip { get; init; }

    /// <summary>SBR09 when the coverage's type does not say (CI commercial, MB Medicare Part B, MC Medicaid, BL Blue Cross…).</summary>
    [RegularExpression("^[0-9A-Z]{2}$")]
    public string? ClaimFilingIndicator { get; init; }
}
