namespace FhirApp.Core.Remittance;

/// <summary>
/// One 835 transaction set (ST…SE) as read: the payment (BPR, TRN), the payer and payee, the claims paid or denied,
/// and the provider-level adjustments (PLB). Amounts are as the payer sent them: a reversal (CLP02 = 22) carries
/// negative amounts. Segment numbers say where each part stands in the file.
/// </summary>
public sealed record RemittanceAdvice
{
    /// <summary>The file (or other source) it came from.</summary>
    public required string Source { get; init; }

    /// <summary>ST02.</summary>
    public required string ControlNumber { get; init; }

    /// <summary>Where the ST stands in the file.</summary>
    public required int Segment { get; init; }

    /// <summary>Where the BPR stands in the file.</summary>
    public required int PaymentSegment { get; init; }

    /// <summary>GS04 + GS05: when the payer's system created the group (treated as UTC).</summary>
    public required DateTimeOffset Created { get; init; }

    /// <summary>BPR01: C payment with remittance, I remittance only, H notification only…</summary>
    public required string Handling { get; init; }

    /// <summary>BPR02.</summary>
    public required decimal TotalPayment { get; init; }

    /// <summary>BPR03: C credit, D debit.</summary>
    public string? CreditDebit { get; init; }

    /// <summary>BPR04: ACH, CHK, NON…</summary>
    public string? PaymentMethod { get; init; }

    /// <summary>BPR16.</summary>
    public DateOnly? PaymentDate { get; init; }

    /// <summary>TRN02: check or EFT trace number.</summary>
    public string? TraceNumber { get; init; }

    /// <summary>TRN03: the payer's originating company identifier.</summary>
    public string? TraceOriginator { get; init; }

    /// <summary>DTM*405.</summary>
    public DateOnly? ProductionDate { get; init; }

    /// <summary>CUR02, else USD.</summary>
    public string Currency { get; init; } = "USD";

    public required Party Payer { get; init; }

    public required Party Payee { get; init; }

    public IReadOnlyList<ClaimPayment> Claims { get; init; } = [];

    public IReadOnlyList<ProviderAdjustment> ProviderAdjustments { get; init; } = [];

    /// <summary>
    /// The payer as one key: REF*2U, else N104, else TRN03, else the name, upper case. Stable across files, so it can
    /// key idempotent ingest with the payer's claim control number.
    /// </summary>
    public string PayerKey =>
        (Payer.AdditionalId ?? Payer.Id ?? TraceOriginator ?? Payer.Name ?? "").Trim().ToUpperInvariant();

    /// <summary>A payer (N1*PR) or payee (N1*PE).</summary>
    /// <param name="Name">N102.</param>
    /// <param name="IdQualifier">N103 (XV, PI, XX = NPI, FI = tax id…).</param>
    /// <param name="Id">N104.</param>
    /// <param name="AdditionalId">REF*2U for the payer (payer identification number), REF*TJ for the payee (tax id).</param>
    public sealed record Party(string? Name, string? IdQualifier, string? Id, string? AdditionalId);

    /// <summary>A person or organization named in the claim loop (NM1).</summary>
    /// <param name="Qualifier">NM108: MI member id, XX NPI, 34 SSN…</param>
    public sealed record Person(bool IsOrganization, string? LastOrName, string? First, string? Qualifier, string? Id)
    {
        public string? Display => IsOrganization ? LastOrName : string.Join(' ', new[] { First, LastOrName }.Where(n => !string.IsNullOrWhiteSpace(n)));
    }

    /// <summary>One CAS triplet: group, CARC, amount, quantity.</summary>
    public sealed record Adjustment(int Segment, string Group, string Reason, decimal Amount, decimal? Quantity);

    /// <summary>One claim (loop 2100, CLP).</summary>
    public sealed record ClaimPayment
    {
        public required int Segment { get; init; }

        /// <summary>Position among the claims of the file (0-based), for ordering versions paid in the same file.</summary>
        public required int Ordinal { get; init; }

        /// <summary>How many claims with the same CLP07 come before this one in its transaction set (0 for the first).</summary>
        public int Occurrence { get; init; }

        /// <summary>CLP01: the patient control number the practice sent in CLM01.</summary>
        public required string PatientControlNumber { get; init; }

        /// <summary>CLP02.</summary>
        public required string Status { get; init; }

        /// <summary>CLP03.</summary>
        public required decimal Charge { get; init; }

        /// <summary>CLP04.</summary>
        public required decimal Paid { get; init; }

        /// <summary>CLP05.</summary>
        public decimal? PatientResponsibility { get; init; }

        /// <summary>CLP06: MB Medicare B, CI commercial, HM HMO…</summary>
        public string? FilingIndicator { get; init; }

        /// <summary>CLP07: the payer's claim control number.</summary>
        public required string PayerClaimNumber { get; init; }

        /// <summary>CLP08: place of service (professional) or facility type (institutional).</summary>
        public string? FacilityCode { get; init; }

        /// <summary>CLP09: claim frequency (1 original, 7 replacement, 8 void).</summary>
        public string? Frequency { get; init; }

        public Person? Patient { get; init; }

        public Person? Insured { get; init; }

        public Person? Rendering { get; init; }

        /// <summary>NM1*TT: the payer the claim was forwarded to (crossover), by name.</summary>
        public string? CrossoverPayer { get; init; }

        /// <summary>DTM*232 / DTM*233.</summary>
        public DateOnly? StatementFrom { get; init; }

        public DateOnly? StatementTo { get; init; }

        /// <summary>DTM*050.</summary>
        public DateOnly? Received { get; init; }

        /// <summary>AMT*I.</summary>
        public decimal? Interest { get; init; }

        /// <summary>Claim-level CAS.</summary>
        public IReadOnlyList<Adjustment> Adjustments { get; init; } = [];

        /// <summary>Claim-level remark codes (MOA03–07, MIA05 and MIA20–23).</summary>
        public IReadOnlyList<string> RemarkCodes { get; init; } = [];

        public IReadOnlyList<ServiceLine> Lines { get; init; } = [];

        /// <summary>True for CLP02 = 22: the payer reverses an earlier payment of this claim.</summary>
        public bool IsReversal => Status == "22";
    }

    /// <summary>One service line (loop 2110, SVC).</summary>
    public sealed record ServiceLine
    {
        public required int Segment { get; init; }

        /// <summary>SVC01-1: HC (CPT/HCPCS), NU (revenue code), N4 (NDC), AD (dental)…</summary>
        public required string Qualifier { get; init; }

        /// <summary>SVC01-2, the adjudicated code.</summary>
        public required string Code { get; init; }

        public IReadOnlyList<string> Modifiers { get; init; } = [];

        /// <summary>SVC06: the code as submitted, when the payer adjudicated another one.</summary>
        public string? SubmittedQualifier { get; init; }

        public string? SubmittedCode { get; init; }

        public IReadOnlyList<string> SubmittedModifiers { get; init; } = [];

        /// <summary>SVC02.</summary>
        public required decimal Charge { get; init; }

        /// <summary>SVC03.</summary>
        public required decimal Paid { get; init; }

        /// <summary>SVC04: revenue code (institutional).</summary>
        public string? RevenueCode { get; init; }

        /// <summary>SVC05 units paid; SVC07 units submitted.</summary>
        public decimal? Units { get; init; }

        public decimal? SubmittedUnits { get; init; }

        /// <summary>DTM*472, or DTM*150 / DTM*151.</summary>
        public DateOnly? From { get; init; }

        public DateOnly? To { get; init; }

        /// <summary>REF*6R: the line item control number the practice sent.</summary>
        public string? ControlNumber { get; init; }

        /// <summary>AMT*B6.</summary>
        public decimal? Allowed { get; init; }

        public IReadOnlyList<Adjustment> Adjustments { get; init; } = [];

        /// <summary>LQ*HE remark codes.</summary>
        public IReadOnlyList<string> RemarkCodes { get; init; } = [];
    }

    /// <summary>One PLB adjustment: PLB03-1 reason (WO overpayment recovery, L6 interest, FB forwarding balance…), PLB03-2 reference, amount.</summary>
    /// <remarks>A positive amount reduces the payment, a negative one adds to it.</remarks>
    public sealed record ProviderAdjustment(int Segment, string Provider, DateOnly? FiscalPeriodEnd, string Reason, string? Reference, decimal Amount);
}
