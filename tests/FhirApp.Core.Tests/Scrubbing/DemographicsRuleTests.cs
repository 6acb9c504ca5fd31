using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Rules;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Tests.Scrubbing;

public sealed class DemographicsRuleTests
{
    private const string Medicare = @"^[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9][AC-HJKMNP-RT-Y]{2}[0-9]{2}$";

    [Theory]
    [InlineData("TST123456789", @"^TST\d{9}$", null)]
    [InlineData("TST12345678", @"^TST\d{9}$", "demographics.subscriber-id-format")] // one digit short
    [InlineData("TST1234567890", @"^TST\d{9}$", "demographics.subscriber-id-format")] // one digit over
    [InlineData("", @"^TST\d{9}$", "demographics.subscriber-id-missing")]
    [InlineData("anything", null, null)] // payer publishes no pattern
    [InlineData("1EG4TE5MK73", Medicare, null)] // MBI
    [InlineData("1EG4TE5MK7", Medicare, "demographics.subscriber-id-format")]
    [InlineData("1SG4TE5MK73", Medicare, "demographics.subscriber-id-format")] // S is never used in an MBI
    [InlineData("0EG4TE5MK73", Medicare, "demographics.subscriber-id-format")] // position 1 is 1-9
    [InlineData("1EG4TE5MK7A", Medicare, "demographics.subscriber-id-format")] // position 11 is a digit
    public void GivenSubscriberId_WhenEvaluated_ThenChecksThePayerFormat(string subscriberId, string? pattern, string? expected)
    {
        var claim = new ClaimLevelRuleClaims().Line("99213");
        claim.Coverage.SubscriberId = subscriberId;

        var findings = claim.Run<SubscriberIdRule>(ClaimLevelRuleClaims.Policy(subscriberIdPattern: pattern));

        findings.Select(f => f.RuleId).ShouldBe(expected is null ? [] : [expected]);
        findings.ShouldAllBe(f => f.Severity == FindingSeverity.Hold && !f.Message.Contains(subscriberId == "" ? "\u0000" : subscriberId));
    }

    [Theory]
    [InlineData("TST123456789", "MB", null)]
    [InlineData("TST-1234-56789", "MB", null)] // punctuation ignored
    [InlineData("TST999999999", "MB", "demographics.subscriber-id-mismatch")]
    [InlineData("TST999999999", "MR", null)] // a medical record number is not a member id
    public void GivenPatientMemberIdentifier_WhenEvaluated_ThenFlagsADifferentSubscriberId(string patientId, string type, string? expected)
    {
        var claim = new ClaimLevelRuleClaims().Line("99213");
        claim.Patient.Identifier.Add(new Identifier("https://example.org/member", patientId)
        {
            Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v2-0203", type),
        });

        var findings = claim.Run<SubscriberIdRule>();

        findings.Select(f => f.RuleId).ShouldBe(expected is null ? [] : [expected]);
        findings.ShouldAllBe(f => f.Severity == FindingSeverity.Review);
    }

    [Theory]
    [InlineData("same", null, null)]
    [InlineData("birthdate", "demographics.birthdate-mismatch", FindingSeverity.Hold)]
    [InlineData("gender", "demographics.gender-mismatch", FindingSeverity.Review)]
    [InlineData("family", "demographics.name-mismatch", FindingSeverity.Review)]
    [InlineData("accents", null, null)] // "Ána RIVERA" is the same name
    [InlineData("initial", null, null)] // "A. Rivera"
    public void GivenBeneficiaryResourceOtherThanThePatient_WhenEvaluated_ThenComparesNameBirthDateAndGender(string change, string? expected, FindingSeverity? severity)
    {
        var claim = new ClaimLevelRuleClaims().Line("99213");
        var beneficiary = new Patient
        {
            Id = "p-card",
            Name = [new HumanName { Family = "Rivera", Given = ["Ana"] }],
            BirthDate = "1970-05-06",
            Gender = AdministrativeGender.Female,
        };
        switch (change)
        {
            case "birthdate": beneficiary.BirthDate = "1970-06-05"; break;
            case "gender": beneficiary.Gender = AdministrativeGender.Male; break;
            case "family": beneficiary.Name[0].Family = "Rivers"; break;
            case "accents": beneficiary.Name[0] = new HumanName { Family = "RIVERA", Given = ["Ána"] }; break;
            case "initial": beneficiary.Name[0] = new HumanName { Family = "Rivera", Given = ["A"] }; break;
            default: break;
        }
        claim.Add(beneficiary);
        claim.Coverage.Beneficiary = new ResourceReference("Patient/p-card");

        var findings = claim.Run<PatientDemographicsRule>();

        findings.Select(f => f.RuleId).ShouldBe(expected is null ? [] : [expected]);
        findings.ShouldAllBe(f => f.Severity == severity && !f.Message.Contains("1970") && !f.Message.Contains("Rivera"));
    }

    [Theory]
    [InlineData("self", "demographics.birthdate-mismatch")]
    [InlineData("spouse", null)] // the subscriber is someone else: different demographics are expected
    public void GivenRelatedPersonSubscriber_WhenEvaluated_ThenComparesOnlyWhenThePatientIsTheSubscriber(string relationship, string? expected)
    {
        var claim = new ClaimLevelRuleClaims().Line("99213");
        claim.Add(new RelatedPerson
        {
            Id = "rp-1",
            Patient = new ResourceReference("Patient/p-test"),
            Name = [new HumanName { Family = "Rivera", Given = ["Ana"] }],
            BirthDate = "1971-05-06",
            Gender = AdministrativeGender.Female,
        });
        claim.Coverage.Subscriber = new ResourceReference("RelatedPerson/rp-1");
        claim.Coverage.Relationship = new CodeableConcept("http://terminology.hl7.org/CodeSystem/subscriber-relationship", relationship);

        claim.Run<PatientDemographicsRule>().Select(f => f.RuleId).ShouldBe(expected is null ? [] : [expected]);
    }
}
