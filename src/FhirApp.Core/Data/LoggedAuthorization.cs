namespace FhirApp.Core.Data;

/// <summary>
/// A prior authorization recorded in FhirApp by front-desk or authorization staff (a number the payer gave by phone or
/// portal that is not in the EHR). The scrubber treats it like a preauthorization ClaimResponse from the same payer.
/// </summary>
public sealed class LoggedAuthorization
{
    public long Id { get; set; }

    /// <summary>The EHR registration (practice).</summary>
    public required string Tenant { get; set; }

    public required string PatientId { get; set; }

    /// <summary>The payer's Organization id.</summary>
    public required string PayerId { get; set; }

    public required string Number { get; set; }

    /// <summary>CPT / HCPCS code the payer approved.</summary>
    public required string ProcedureCode { get; set; }

    public decimal Units { get; set; } = 1m;

    public DateOnly Start { get; set; }

    public DateOnly End { get; set; }

    /// <summary>The fhirUser of who recorded it.</summary>
    public required string EnteredBy { get; set; }

    /// <summary>UTC.</summary>
    public DateTime EnteredAt { get; set; }
}
