using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Rules;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Tests.Scrubbing;

public sealed class DiagnosisDemographicsRuleTests
{
    private readonly DiagnosisDemographicsRule _rule = new();

    // Date of service 2026-03-10. O80 applies to females aged 12-55, N40.0 to males, P59.9 to newborns (age 0).
    [Theory]
    [InlineData("O80", "1990-01-01", AdministrativeGender.Female, "")]
    [InlineData("O80", "1990-01-01", AdministrativeGender.Male, "coding.dx-sex")]
    [InlineData("N40.0", "1950-01-01", AdministrativeGender.Male, "")]
    [InlineData("N40.0", "1950-01-01", AdministrativeGender.Female, "coding.dx-sex")]
    [InlineData("N40.0", "1950-01-01", AdministrativeGender.Unknown, "")] // nothing to compare
    [InlineData("O80", "2014-03-10", AdministrativeGender.Female, "")] // 12 today: lower limit inclusive
    [InlineData("O80", "2014-03-11", AdministrativeGender.Female, "coding.dx-age")] // 12 tomorrow: still 11
    [InlineData("O80", "1970-03-11", AdministrativeGender.Female, "")] // 55, turns 56 tomorrow: upper limit inclusive
    [InlineData("O80", "1970-03-10", AdministrativeGender.Female, "coding.dx-age")] // 56 today
    [InlineData("P59.9", "2026-03-01", AdministrativeGender.Male, "")] // newborn
    [InlineData("P59.9", "2025-03-10", AdministrativeGender.Male, "coding.dx-age")] // first birthday
    [InlineData("O80", "1950-01-01", AdministrativeGender.Male, "coding.dx-sex,coding.dx-age")]
    [InlineData("M17.11", "1950-01-01", AdministrativeGender.Male, "")] // no limits in the table
    [InlineData("O80", null, AdministrativeGender.Female, "")] // no birth date: no age check
    public void GivenDiagnosisAndPatient_WhenScrubbed_ThenAgeAndSexFindingsMatch(string diagnosis, string? birthDate, AdministrativeGender gender, string expected)
    {
        CodeRuleClaims.With(diagnosis, "99213").Patient(birthDate, gender).RuleIds(_rule).ShouldBe(expected);
    }

    [Fact]
    public void GivenSexConflict_WhenScrubbed_ThenReviewWithCarc10AndTheLimitCited()
    {
        var finding = CodeRuleClaims.With("C61", "99213").Patient("1950-01-01", AdministrativeGender.Female).Run(_rule).ShouldHaveSingleItem();

        finding.Severity.ShouldBe(FindingSeverity.Review);
        finding.PredictedCarc.ShouldBe("CO-10");
        finding.Source.Clause.ShouldBe("C61, sex M");
    }
}
