using FhirApp.Core.Claims;
using FhirApp.Core.Claims.Fhir;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Scrubbing;

/// <summary>
/// The plain values rules look at, read once per claim from its context, so no rule walks Firely objects again.
/// Codes are upper-cased and trimmed; ICD-10 codes without their dot.
/// </summary>
public sealed record ClaimFacts
{
    public required string ClaimId { get; init; }

    public string? PatientId { get; init; }

    /// <summary>The payer's Organization id (Claim.insurer, else the focal coverage's payor).</summary>
    public string? PayerId { get; init; }

    public string? PayerName { get; init; }

    /// <summary>What the claim says of its payer (Organization, else Claim.insurer, else the coverage's payor), for <see cref="PayerDirectory"/>.</summary>
    public PayerIdentity? Payer { get; init; }

    public DateOnly? ServiceDate { get; init; }

    /// <summary>When the claim was created (Claim.created): the submission-day proxy for filing limits.</summary>
    public DateOnly? Created { get; init; }

    /// <summary>Claim frequency: 1 original, 7 replacement, 8 void (from Claim.related or an extension); null when unknown.</summary>
    public string? Frequency { get; init; }

    public string? PlaceOfService { get; init; }

    public IReadOnlyList<string> Diagnoses { get; init; } = [];

    public IReadOnlyList<string> PreAuthRefs { get; init; } = [];

    public string? RenderingNpi { get; init; }

    public string? BillingNpi { get; init; }

    /// <summary>A referring or ordering provider is on the claim.</summary>
    public bool HasReferringProvider { get; init; }

    public IReadOnlyList<ClaimLineFacts> Lines { get; init; } = [];

    public static ClaimFacts From(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var claim = context.Claim ?? throw new ArgumentException("Scrubbing needs a Claim; this context was built from an EOB alone.", nameof(context));
        var diagnoses = DiagnosesOf(claim);
        var lines = LinesOf(claim, context.ServiceDate, diagnoses);

        return new ClaimFacts
        {
            ClaimId = claim.Id ?? context.Key,
            PatientId = context.Patient?.Id,
            PayerId = context.Payer?.Id,
            PayerName = context.Payer?.Name,
            Payer = PayerIdentity.Of(context),
            ServiceDate = context.ServiceDate,
            Created = FhirValues.ToInstant(claim.CreatedElement) is { } created ? DateOnly.FromDateTime(created.UtcDateTime) : null,
            Frequency = FrequencyOf(claim),
            PlaceOfService = lines.Select(l => l.PlaceOfService).FirstOrDefault(p => p is not null),
            Diagnoses = diagnoses,
            PreAuthRefs = [.. claim.Insurance.SelectMany(i => i.PreAuthRef).OfType<string>().Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim())],
            RenderingNpi = NpiOf(ClaimParties.Rendering(context)),
            BillingNpi = context.BillingProvider switch
            {
                Organization o => Npi(o.Identifier),
                Practitioner p => NpiOf(p),
                _ => null,
            },
            HasReferringProvider = claim.Referral is not null
                || claim.CareTeam.Any(c => c.Role?.Coding?.Any(r => r.Code is "referring" or "ordering") == true),
            Lines = lines,
        };
    }

    /// <summary>
    /// The lines of any claim (this one or the patient's others) as plain values, read through <see cref="BilledClaim"/>
    /// so that a Claim's items are read in one place. A line without its own date takes <paramref name="fallbackDate"/>,
    /// else the claim's first date of service.
    /// </summary>
    public static IReadOnlyList<ClaimLineFacts> LinesOf(Claim claim, DateOnly? fallbackDate = null, IReadOnlyList<string>? diagnoses = null)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var billed = BilledClaim.From(claim);
        diagnoses ??= DiagnosesOf(claim);
        fallbackDate ??= billed.ServiceDate;
        var claimPos = claim.Facility is null ? null : billed.Lines.Select(l => PosOf(l.Location)).FirstOrDefault(p => p is not null);
        return [.. billed.Lines.Select(line =>
        {
            var coding = FhirValues.PreferredCoding(line.ProductOrService, FhirValues.ProcedureSystems);
            var pointers = line.DiagnosisSequence.Where(p => p > 0).ToList();
            return new ClaimLineFacts
            {
                Sequence = line.Sequence,
                Code = coding?.Code?.Trim().ToUpperInvariant() ?? "",
                CodeSystem = coding?.System,
                Modifiers = [.. line.Modifiers.SelectMany(m => m.Coding).Select(c => c.Code?.Trim().ToUpperInvariant() ?? "").Where(c => c.Length > 0)],
                Units = line.Quantity ?? 1m,
                Charge = line.Charge,
                ServiceDate = FhirValues.StartDate(line.Serviced) ?? fallbackDate,
                PlaceOfService = PosOf(line.Location) ?? claimPos,
                DiagnosisPointers = pointers,
                DiagnosisCodes = [.. pointers.Where(p => p <= diagnoses.Count).Select(p => diagnoses[p - 1])],
            };
        })];
    }

    private static List<string> DiagnosesOf(Claim claim) => [.. claim.Diagnosis
        .OrderBy(d => d.Sequence ?? int.MaxValue)
        .Select(d => NormalizeIcd((d.Diagnosis as CodeableConcept)?.Coding.FirstOrDefault()?.Code ?? ""))];

    /// <summary>"M17.11" and "m1711" both become "M1711".</summary>
    public static string NormalizeIcd(string code) => code.Replace(".", "", StringComparison.Ordinal).Trim().ToUpperInvariant();

    private static string? PosOf(DataType? location) => location is CodeableConcept cc ? cc.Coding.FirstOrDefault()?.Code : null;

    internal static string? FrequencyOf(Claim claim)
    {
        // X12 CLM05-3 travels as an extension in most EHR exports; a related claim marked "prior" means a replacement.
        var ext = claim.Extension.FirstOrDefault(e => e.Url is { } url
            && (url.EndsWith("claim-frequency", StringComparison.OrdinalIgnoreCase) || url.EndsWith("frequencyCode", StringComparison.OrdinalIgnoreCase)));
        if (ext?.Value is CodeableConcept cc && cc.Coding.FirstOrDefault()?.Code is { } code)
        {
            return code;
        }
        if (ext?.Value is Code c)
        {
            return c.Value;
        }
        return claim.Related.Any(r => r.Relationship?.Coding?.Any(x => x.Code == "prior") == true) ? "7" : null;
    }

    private static string? NpiOf(Practitioner? p) => p is null ? null : Npi(p.Identifier);

    private static string? Npi(IEnumerable<Identifier> ids) =>
        ids.FirstOrDefault(i => i.System == "http://hl7.org/fhir/sid/us-npi")?.Value;
}

/// <summary>One service line, as plain values.</summary>
public sealed record ClaimLineFacts
{
    public required int Sequence { get; init; }

    public required string Code { get; init; }

    public string? CodeSystem { get; init; }

    public IReadOnlyList<string> Modifiers { get; init; } = [];

    public decimal Units { get; init; } = 1m;

    public decimal? Charge { get; init; }

    public DateOnly? ServiceDate { get; init; }

    public string? PlaceOfService { get; init; }

    public IReadOnlyList<int> DiagnosisPointers { get; init; } = [];

    public IReadOnlyList<string> DiagnosisCodes { get; init; } = [];
}
