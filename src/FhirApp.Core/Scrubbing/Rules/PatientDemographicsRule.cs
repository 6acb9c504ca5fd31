using System.Globalization;
using System.Text;
using FhirApp.Core.Claims.Fhir;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Scrubbing.Rules;

/// <summary>
/// The payer matches a claim to its member by name, birth date and gender. When the coverage's beneficiary, or its
/// subscriber where the patient is the subscriber ("self"), is another Patient or RelatedPerson resource in the record,
/// its demographics must equal the claim patient's. Messages name the field, never the values (they are PHI).
/// </summary>
public sealed class PatientDemographicsRule : IScrubRule
{
    public string Id => "demographics";

    public FindingCategory Category => FindingCategory.Demographics;

    public IEnumerable<ScrubFinding> Evaluate(ScrubInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Context.Patient is not { } patient || input.Context.Coverages.Count == 0)
        {
            yield break;
        }
        var coverage = input.Context.Coverages[0];
        var record = input.Context.Record;
        var others = new List<(string Role, Person Person)>();
        if (record.Resolve(coverage.Beneficiary, coverage) is Patient beneficiary && !ReferenceEquals(beneficiary, patient))
        {
            others.Add(("beneficiary", Person.Of(beneficiary)));
        }
        if (SubscriberIdRule.IsSelf(coverage) && record.Resolve(coverage.Subscriber, coverage) is { } subscriber && !ReferenceEquals(subscriber, patient))
        {
            if (subscriber is Patient p)
            {
                others.Add(("subscriber", Person.Of(p)));
            }
            else if (subscriber is RelatedPerson r)
            {
                others.Add(("subscriber", Person.Of(r)));
            }
        }

        var self = Person.Of(patient);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (role, other) in others)
        {
            if (self.BirthDate is { } a && other.BirthDate is { } b && a != b && seen.Add("birthdate"))
            {
                yield return Finding("demographics.birthdate-mismatch", FindingSeverity.Hold, "CO-16",
                    $"The patient's birth date differs from the coverage {role}'s. Correct the registration or the coverage to match the insurance card (RARC N329 otherwise).",
                    $"Patient.birthDate ≠ Coverage.{role} birthDate");
            }
            if (self.Gender is { } g && other.Gender is { } h && g != h && seen.Add("gender"))
            {
                yield return Finding("demographics.gender-mismatch", FindingSeverity.Review, "CO-16",
                    $"The patient's administrative gender differs from the coverage {role}'s. Confirm what the payer has on file (RARC MA39 otherwise).",
                    $"Patient.gender ≠ Coverage.{role} gender");
            }
            if (!NamesMatch(self, other) && seen.Add("name"))
            {
                yield return Finding("demographics.name-mismatch", FindingSeverity.Review, "CO-140",
                    $"The patient's name differs from the coverage {role}'s. Use the name exactly as on the insurance card.",
                    $"Patient.name ≠ Coverage.{role} name");
            }
        }
    }

    private ScrubFinding Finding(string ruleId, FindingSeverity severity, string carc, string message, string trigger) => new()
    {
        RuleId = ruleId,
        Category = Category,
        Severity = severity,
        PredictedCarc = carc,
        Message = message,
        Source = StandardSources.SubscriberDemographics,
        Trigger = [trigger],
    };

    /// <summary>Family names equal, and first given names equal or one the initial of the other; case, accents and punctuation ignored.</summary>
    private static bool NamesMatch(Person a, Person b)
    {
        if (a.Family is null || b.Family is null)
        {
            return true;
        }
        if (a.Family != b.Family)
        {
            return false;
        }
        if (a.Given is not { Length: > 0 } x || b.Given is not { Length: > 0 } y)
        {
            return true;
        }
        return x == y || (x.Length == 1 && y.StartsWith(x, StringComparison.Ordinal)) || (y.Length == 1 && x.StartsWith(y, StringComparison.Ordinal));
    }

    private sealed record Person(string? Family, string? Given, DateOnly? BirthDate, AdministrativeGender? Gender)
    {
        public static Person Of(Patient p) => From(p.Name, p.BirthDate, p.Gender);

        public static Person Of(RelatedPerson r) => From(r.Name, r.BirthDate, r.Gender);

        private static Person From(List<HumanName> names, string? birthDate, AdministrativeGender? gender)
        {
            var name = names.FirstOrDefault(n => n.Use == HumanName.NameUse.Official) ?? names.FirstOrDefault();
            return new Person(Fold(name?.Family), Fold(name?.Given.FirstOrDefault()), FhirValues.ToDate(birthDate), gender);
        }

        private static string? Fold(string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }
            // "José" and "JOSE", "O'Neil" and "ONeil" are the same name to a payer's matcher.
            var decomposed = value.Normalize(NormalizationForm.FormD);
            var letters = decomposed.Where(c => char.IsLetter(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark);
            return new string([.. letters.Select(char.ToUpperInvariant)]);
        }
    }
}
