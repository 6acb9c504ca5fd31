using System.Globalization;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace FhirApp.Core.Claims.Fhir;

/// <summary>Small, null-tolerant readers of FHIR values used by the claim mapping.</summary>
internal static class FhirValues
{
    public const string NpiSystem = "http://hl7.org/fhir/sid/us-npi";
    public const string CptSystem = "http://www.ama-assn.org/go/cpt";
    public const string HcpcsSystem = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";
    public const string Icd10CmSystem = "http://hl7.org/fhir/sid/icd-10-cm";
    public const string PlaceOfServiceSystem = "https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set";

    public static readonly string[] ProcedureSystems = [CptSystem, HcpcsSystem, "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"];
    public static readonly string[] DiagnosisSystems = [Icd10CmSystem, "http://hl7.org/fhir/sid/icd-10"];
    public static readonly string[] PlaceOfServiceSystems =
        [PlaceOfServiceSystem, "http://terminology.hl7.org/CodeSystem/CMSPlaceofServiceCodes", "http://terminology.hl7.org/CodeSystem/ex-serviceplace"];

    /// <summary>The calendar date of a FHIR date or dateTime literal; null for partial dates ("2026-02").</summary>
    public static DateOnly? ToDate(string? literal) =>
        literal is { Length: >= 10 }
        && DateOnly.TryParseExact(literal.AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;

    /// <summary>
    /// A dateTime element as an instant (no offset: UTC); null when absent or an invalid literal, which the lenient
    /// reader keeps as text and on which <c>ToDateTimeOffset</c> would throw.
    /// </summary>
    public static DateTimeOffset? ToInstant(FhirDateTime? element) =>
        element is not null && element.TryToDateTimeOffset(TimeSpan.Zero, out var value) ? value : null;

    public static DateOnly? ToDate(DateTimeOffset? value) => value is { } v ? DateOnly.FromDateTime(v.DateTime) : null;

    /// <summary>Start date of a serviced[x]/period-like value.</summary>
    public static DateOnly? StartDate(DataType? value) => value switch
    {
        Date date => ToDate(date.Value),
        FhirDateTime dateTime => ToDate(dateTime.Value),
        Period period => ToDate(period.Start) ?? ToDate(period.End),
        _ => null,
    };

    /// <summary>End date of a serviced[x]/period-like value (the date itself for a single date).</summary>
    public static DateOnly? EndDate(DataType? value) => value switch
    {
        Period period => ToDate(period.End) ?? ToDate(period.Start),
        _ => StartDate(value),
    };

    public static Coding? PreferredCoding(CodeableConcept? concept, IReadOnlyList<string>? systems = null)
    {
        if (concept is null || concept.Coding.Count == 0)
        {
            return null;
        }

        if (systems is not null)
        {
            foreach (var system in systems)
            {
                var match = concept.Coding.Find(c => string.Equals(c.System, system, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(c.Code));
                if (match is not null)
                {
                    return match;
                }
            }
        }

        return concept.Coding.Find(c => !string.IsNullOrEmpty(c.Code));
    }

    public static string? Code(CodeableConcept? concept, IReadOnlyList<string>? systems = null) =>
        PreferredCoding(concept, systems)?.Code;

    public static string? Display(CodeableConcept? concept) =>
        concept is null
            ? null
            : !string.IsNullOrWhiteSpace(concept.Text) ? concept.Text : concept.Coding.Find(c => !string.IsNullOrWhiteSpace(c.Display))?.Display;

    /// <summary>Lower-cased codes of all codings.</summary>
    public static IEnumerable<string> Codes(CodeableConcept? concept) =>
        concept is null ? [] : concept.Coding.Where(c => !string.IsNullOrEmpty(c.Code)).Select(c => c.Code!.ToLowerInvariant());

    public static bool HasCode(CodeableConcept? concept, string code) =>
        concept is not null && concept.Coding.Exists(c => string.Equals(c.Code, code, StringComparison.OrdinalIgnoreCase));

    /// <summary>The FHIR literal of a coded enum value ("active", "partial").</summary>
    public static string? Literal<T>(T? value)
        where T : struct, Enum =>
        value is { } v ? v.GetLiteral() : null;

    public static string? Name(Resource? resource) => resource switch
    {
        Patient patient => HumanName(patient.Name),
        Practitioner practitioner => HumanName(practitioner.Name),
        Organization organization => organization.Name,
        RelatedPerson person => HumanName(person.Name),
        _ => null,
    };

    public static string? HumanName(IReadOnlyList<HumanName> names)
    {
        var name = names.FirstOrDefault(n => n.Use == Hl7.Fhir.Model.HumanName.NameUse.Official) ?? (names.Count > 0 ? names[0] : null);
        if (name is null)
        {
            return null;
        }

        if (!string.IsNullOrWhiteSpace(name.Text))
        {
            return name.Text;
        }

        var parts = name.Prefix.Concat(name.Given).Append(name.Family).Concat(name.Suffix).Where(p => !string.IsNullOrWhiteSpace(p));
        var joined = string.Join(" ", parts);
        return joined.Length == 0 ? null : joined;
    }

    public static string? Npi(Resource? resource) =>
        resource is null
            ? null
            : PatientRecord.IdentifiersOf(resource).FirstOrDefault(i => i.System == NpiSystem && !string.IsNullOrEmpty(i.Value))?.Value;

    public static string? Currency(Money? money) => money?.Currency?.ToString();

    /// <summary>The id part of a reference ("Patient/1" → "1"), for display when the target is absent.</summary>
    public static string? IdOf(ResourceReference? reference) =>
        reference?.Reference is { } literal && FhirReference.TryParseTypeAndId(literal, out _, out var id) ? id : null;

    public static string? Truncate(string? text, int length)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        return trimmed.Length <= length ? trimmed : trimmed[..(length - 1)] + "…";
    }
}
