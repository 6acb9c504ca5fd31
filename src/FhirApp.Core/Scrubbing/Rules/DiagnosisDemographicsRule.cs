using Hl7.Fhir.Model;

namespace FhirApp.Core.Scrubbing.Rules;

/// <summary>
/// Age and sex conflicts where the ICD-10-CM table gives limits (maternity codes, newborn codes, prostate codes…),
/// against the patient's birth date and administrative gender. Review, not hold: administrative gender can legitimately
/// differ from the anatomy a code describes, and the coder decides. Predicted CARCs 9 (age) and 10 (sex) are a judgement:
/// they are the X12 codes for these conflicts.
/// </summary>
public sealed class DiagnosisDemographicsRule : IScrubRule
{
    public string Id => "coding.dx-demographics";

    public FindingCategory Category => FindingCategory.Coding;

    public IEnumerable<ScrubFinding> Evaluate(ScrubInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var patient = input.Context.Patient;
        if (patient is null)
        {
            yield break;
        }
        var sex = patient.Gender switch
        {
            AdministrativeGender.Female => 'F',
            AdministrativeGender.Male => 'M',
            _ => (char?)null,
        };
        var age = AgeOn(patient.BirthDate, input.Facts.ServiceDate);
        var table = input.Codes;
        for (var i = 0; i < input.Facts.Diagnoses.Count; i++)
        {
            if (!table.Icd10.TryGetValue(input.Facts.Diagnoses[i], out var entry))
            {
                continue;
            }
            var shown = RuleText.Icd(entry.Code);
            if (entry.Sex is { } required && sex is { } actual && required != actual)
            {
                yield return new ScrubFinding
                {
                    RuleId = "coding.dx-sex",
                    Category = Category,
                    Severity = FindingSeverity.Review,
                    PredictedCarc = "CO-10",
                    Message = $"Diagnosis {shown} applies to {(required == 'F' ? "female" : "male")} patients, but the patient's gender is recorded as {(actual == 'F' ? "female" : "male")}. Check the code or the registration.",
                    Source = table.Icd10Source with { Clause = $"{shown}, sex {required}" },
                    Trigger = [$"diagnosis {i + 1} = {shown}", $"Patient.gender = {(actual == 'F' ? "female" : "male")}"],
                };
            }
            if (age is { } years && (years < entry.MinAge || years > entry.MaxAge))
            {
                var range = entry.MinAge == entry.MaxAge ? $"age {entry.MinAge}" : $"ages {entry.MinAge?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "0"} to {entry.MaxAge?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "any"}";
                yield return new ScrubFinding
                {
                    RuleId = "coding.dx-age",
                    Category = Category,
                    Severity = FindingSeverity.Review,
                    PredictedCarc = "CO-9",
                    Message = $"Diagnosis {shown} applies to {range}; the patient is {years} on the date of service. Check the code or the birth date.",
                    Source = table.Icd10Source with { Clause = $"{shown}, {range}" },
                    Trigger = [$"diagnosis {i + 1} = {shown}", $"age on date of service = {years}"],
                };
            }
        }
    }

    /// <summary>Completed years on the date of service; null when either date is unknown.</summary>
    internal static int? AgeOn(string? birthDate, DateOnly? serviceDate)
    {
        if (serviceDate is not { } dos || string.IsNullOrEmpty(birthDate)
            || !DateOnly.TryParse(birthDate.Length == 4 ? birthDate + "-01-01" : birthDate.Length == 7 ? birthDate + "-01" : birthDate,
                System.Globalization.CultureInfo.InvariantCulture, out var born))
        {
            return null;
        }
        var age = dos.Year - born.Year;
        return dos < born.AddYears(age) ? age - 1 : age;
    }
}
