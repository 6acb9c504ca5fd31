using Hl7.Fhir.Model;

namespace FhirApp.Core.Claims.Fhir;

/// <summary>
/// The billed side of a Claim or of an ExplanationOfBenefit, in one shape, so that an EOB without its Claim can be
/// shown like a claim.
/// </summary>
internal sealed record BilledClaim
{
    public required DomainResource Resource { get; init; }

    public string? Status { get; init; }

    public ResourceReference? Patient { get; init; }

    public ResourceReference? Insurer { get; init; }

    public ResourceReference? Provider { get; init; }

    public Period? BillablePeriod { get; init; }

    public string? Created { get; init; }

    public decimal? Total { get; init; }

    public string? Currency { get; init; }

    public IReadOnlyList<Identifier> Identifiers { get; init; } = [];

    public IReadOnlyList<Line> Lines { get; init; } = [];

    public IReadOnlyList<Diagnosis> Diagnoses { get; init; } = [];

    public IReadOnlyList<CareTeamMember> CareTeam { get; init; } = [];

    public IReadOnlyList<Insurance> Coverages { get; init; } = [];

    /// <summary>First date of service: earliest line date, else billable period start, else created.</summary>
    public DateOnly? ServiceDate =>
        Lines.Select(l => FhirValues.StartDate(l.Serviced)).Where(d => d is not null).Min()
        ?? FhirValues.ToDate(BillablePeriod?.Start)
        ?? FhirValues.ToDate(Created);

    /// <summary>Last date of service.</summary>
    public DateOnly? LastServiceDate =>
        Lines.Select(l => FhirValues.EndDate(l.Serviced)).Where(d => d is not null).Max()
        ?? FhirValues.ToDate(BillablePeriod?.End)
        ?? ServiceDate;

    public IEnumerable<ResourceReference> Encounters => Lines.SelectMany(l => l.Encounters);

    public static BilledClaim From(Claim claim) => new()
    {
        Resource = claim,
        Status = FhirValues.Literal(claim.Status),
        Patient = claim.Patient,
        Insurer = claim.Insurer,
        Provider = claim.Provider,
        BillablePeriod = claim.BillablePeriod,
        Created = claim.Created,
        Total = claim.Total?.Value,
        Currency = FhirValues.Currency(claim.Total) ?? claim.Item.Select(i => FhirValues.Currency(i.Net)).FirstOrDefault(c => c is not null),
        Identifiers = claim.Identifier,
        Lines = claim.Item.Select(i => new Line(
            i.Sequence ?? 0,
            i.ProductOrService,
            i.Modifier,
            i.Serviced,
            i.Location,
            i.Quantity?.Value,
            i.UnitPrice?.Value,
            i.Net?.Value,
            [.. i.DiagnosisSequence.OfType<int>()],
            i.Encounter)).ToList(),
        Diagnoses = claim.Diagnosis.Select(d => new Diagnosis(d.Sequence ?? 0, d.Diagnosis)).ToList(),
        CareTeam = claim.CareTeam.Select(c => new CareTeamMember(c.Sequence ?? 0, c.Provider, c.Role)).ToList(),
        Coverages = claim.Insurance.Select(i => new Insurance(i.Focal ?? false, i.Coverage, [.. i.PreAuthRef.OfType<string>()])).ToList(),
    };

    public static BilledClaim From(ExplanationOfBenefit eob) => new()
    {
        Resource = eob,
        Status = FhirValues.Literal(eob.Status),
        Patient = eob.Patient,
        Insurer = eob.Insurer,
        Provider = eob.Provider,
        BillablePeriod = eob.BillablePeriod,
        Created = eob.Created,
        Total = SubmittedTotal(eob)?.Value,
        Currency = FhirValues.Currency(SubmittedTotal(eob)),
        Identifiers = eob.Identifier,
        Lines = eob.Item.Select(i => new Line(
            i.Sequence ?? 0,
            i.ProductOrService,
            i.Modifier,
            i.Serviced,
            i.Location,
            i.Quantity?.Value,
            i.UnitPrice?.Value,
            i.Net?.Value ?? i.Adjudication.Find(a => FhirValues.HasCode(a.Category, "submitted"))?.Amount?.Value,
            [.. i.DiagnosisSequence.OfType<int>()],
            i.Encounter)).ToList(),
        Diagnoses = eob.Diagnosis.Select(d => new Diagnosis(d.Sequence ?? 0, d.Diagnosis)).ToList(),
        CareTeam = eob.CareTeam.Select(c => new CareTeamMember(c.Sequence ?? 0, c.Provider, c.Role)).ToList(),
        Coverages = eob.Insurance.Select(i => new Insurance(i.Focal ?? false, i.Coverage, [.. i.PreAuthRef.OfType<string>()])).ToList(),
    };

    private static Money? SubmittedTotal(ExplanationOfBenefit eob) =>
        eob.Total.Find(t => FhirValues.HasCode(t.Category, "submitted"))?.Amount;

    internal sealed record Line(
        int Sequence,
        CodeableConcept? ProductOrService,
        IReadOnlyList<CodeableConcept> Modifiers,
        DataType? Serviced,
        DataType? Location,
        decimal? Quantity,
        decimal? UnitPrice,
        decimal? Net,
        IReadOnlyList<int> DiagnosisSequence,
        IReadOnlyList<ResourceReference> Encounters)
    {
        public decimal? Charge => Net ?? (UnitPrice is { } price ? price * (Quantity ?? 1) : null);
    }

    internal sealed record Diagnosis(int Sequence, DataType? Value);

    internal sealed record CareTeamMember(int Sequence, ResourceReference? Provider, CodeableConcept? Role);

    internal sealed record Insurance(bool Focal, ResourceReference? Coverage, IReadOnlyList<string> PreAuthRefs);
}
