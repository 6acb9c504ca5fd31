using FhirApp.Core.Claims;
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
        var diagnoses = claim.Diagnosis
            .OrderBy(d => d.Sequence ?? int.MaxValue)
            .Select(d => (d.Diagnosis as CodeableConcept)?.Coding.FirstOrDefault()?.Code)
            .Select(c => NormalizeIcd(c ?? ""))
            .ToList();
        var claimPos = claim.Facility is null ? null : claim.Item.Select(PosOf).FirstOrDefault(p => p is not null);
        var lines = claim.Item.Select(item =>
        {
            var coding = item.ProductOrService?.Coding.FirstOrDefault();
            var pointers = item.DiagnosisSequence.Select(p => p ?? 0).Where(p => p > 0).ToList();
            return new ClaimLineFacts
            {
                Sequence = item.Sequence ?? 0,
                Code = coding?.Code?.Trim().ToUpperInvariant() ?? "",
                CodeSystem = coding?.System,
                Modifiers = [.. item.Modifier.SelectMany(m => m.Coding).Select(c => c.Code?.Trim().ToUpperInvariant() ?? "").Where(c => c.Length > 0)],
                Units = item.Quantity?.Value ?? 1m,
                Charge = item.Net?.Value ?? (item.UnitPrice?.Value * (item.Quantity?.Value ?? 1m)),
                ServiceDate = DateOf(item.Serviced) ?? context.ServiceDate,
                PlaceOfService = PosOf(item) ?? claimPos,
                DiagnosisPointers = pointers,
                DiagnosisCodes = [.. pointers.Where(p => p <= diagnoses.Count).Select(p => diagnoses[p - 1])],
            };
        }).ToList();

        return new ClaimFacts
        {
            ClaimId = claim.Id ?? context.Key,
            PatientId = context.Patient?.Id,
            PayerId = context.Payer?.Id,
            PayerName = context.Payer?.Name,
            ServiceDate = context.ServiceDate,
            Created = claim.CreatedElement?.ToDateTimeOffset(TimeSpan.Zero) is { } created ? DateOnly.FromDateTime(created.UtcDateTime) : null,
            Frequency = FrequencyOf(claim),
            PlaceOfService = lines.Select(l => l.PlaceOfService).FirstOrDefault(p => p is not null),
            Diagnoses = diagnoses,
            PreAuthRefs = [.. claim.Insurance.SelectMany(i => i.PreAuthRef).OfType<string>().Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim())],
            RenderingNpi = NpiOf(context.Practitioners.Count > 0 ? context.Practitioners[0] : null),
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

    /// <summary>"M17.11" and "m1711" both become "M1711".</summary>
    public static string NormalizeIcd(string code) => code.Replace(".", "", StringComparison.Ordinal).Trim().ToUpperInvariant();

    private static string? PosOf(Claim.ItemComponent item) => item.Location is CodeableConcept cc ? cc.Coding.FirstOrDefault()?.Code : null;

    internal static DateOnly? DateOf(DataType? serviced) => serviced switch
    {
        Date d when d.ToDateTimeOffset() is { } v => DateOnly.FromDateTime(v.Date),
        Period p when p.StartElement?.ToDateTimeOffset(TimeSpan.Zero) is { } s => DateOnly.FromDateTime(s.Date),
        _ => null,
    };

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
