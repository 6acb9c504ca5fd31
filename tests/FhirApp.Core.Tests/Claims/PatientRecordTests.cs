using FhirApp.Core.Claims;
using FhirApp.Core.Claims.Fhir;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Tests.Claims;

public sealed class PatientRecordTests
{

    private static readonly Patient Maria = new() { Id = "p1", Identifier = [new Identifier("https://ehr/mrn", "MRN-1")] };

    private static readonly Practitioner Doctor = new() { Id = "pr1", Identifier = [new Identifier("http://hl7.org/fhir/sid/us-npi", "1847293051")] };

    [Theory]
    [InlineData("Patient/p1")]
    [InlineData("https://ehr.example/fhir/Patient/p1")]
    [InlineData("https://ehr.example/fhir/Patient/p1/_history/3")]
    public void GivenRelativeOrAbsoluteReference_WhenResolved_ThenFindsTheResource(string reference)
    {
        var record = PatientRecord.Create([Maria, Doctor]);

        record.Resolve(new ResourceReference(reference)).ShouldBeSameAs(Maria);
    }

    [Fact]
    public void GivenContainedReference_WhenResolvedWithItsContainer_ThenFindsTheContainedResource()
    {
        var coverage = new Coverage { Id = "coverage" };
        var eob = new ExplanationOfBenefit { Id = "e1", Contained = [coverage] };
        var record = PatientRecord.Create([eob]);

        record.Resolve<Coverage>(new ResourceReference("#coverage"), eob).ShouldBeSameAs(coverage);
        record.Resolve<Coverage>(new ResourceReference("#coverage")).ShouldBeNull();
    }

    [Fact]
    public void GivenUrnUuidFullUrlsInABundle_WhenResolved_ThenTheFullUrlMapFindsTheEntry()
    {
        const string bundle = """
            {"resourceType":"Bundle","type":"transaction","entry":[
              {"fullUrl":"urn:uuid:8c2b5b0e-0000-4000-8000-000000000001","resource":{"resourceType":"Patient","id":"server-assigned-7"}},
              {"fullUrl":"urn:uuid:8c2b5b0e-0000-4000-8000-000000000002","resource":{"resourceType":"Organization"}}
            ]}
            """;
        var record = PatientRecord.Create(FhirResourceReader.ReadJson(bundle, "b").Resources);

        record.Resolve<Patient>(new ResourceReference("urn:uuid:8c2b5b0e-0000-4000-8000-000000000001"))!.Id.ShouldBe("server-assigned-7");
        record.Resolve<Organization>(new ResourceReference("urn:uuid:8c2b5b0e-0000-4000-8000-000000000002")).ShouldNotBeNull();
    }

    [Fact]
    public void GivenConditionalIdentifierReference_WhenResolved_ThenFindsByIdentifier()
    {
        var record = PatientRecord.Create([Maria, Doctor]);

        record.Resolve(new ResourceReference("Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|1847293051")).ShouldBeSameAs(Doctor);
        record.Resolve(new ResourceReference("Practitioner?identifier=http%3A%2F%2Fhl7.org%2Ffhir%2Fsid%2Fus-npi%7C1847293051")).ShouldBeSameAs(Doctor);
        record.Resolve(new ResourceReference("Patient?identifier=http://hl7.org/fhir/sid/us-npi|1847293051")).ShouldBeNull();
    }

    [Fact]
    public void GivenIdentifierOnlyReference_WhenResolved_ThenFindsByIdentifierAndType()
    {
        var record = PatientRecord.Create([Maria, Doctor]);
        var reference = new ResourceReference { Type = "Patient", Identifier = new Identifier("https://ehr/mrn", "MRN-1") };

        record.Resolve(reference).ShouldBeSameAs(Maria);
    }

    [Theory]
    [InlineData("Patient/unknown")]
    [InlineData("urn:uuid:00000000-0000-0000-0000-000000000000")]
    [InlineData("#nothing")]
    [InlineData("not a reference")]
    public void GivenUnresolvableReference_WhenResolved_ThenNullAndKeyStillGroups(string reference)
    {
        var record = PatientRecord.Create([Maria]);

        record.Resolve(new ResourceReference(reference)).ShouldBeNull();
        record.KeyOf(new ResourceReference(reference)).ShouldNotBeNull();
    }

    [Fact]
    public void GivenTwoVersionsOfOneResource_WhenIndexed_ThenTheLatestLastUpdatedWins()
    {
        var newer = new Patient { Id = "p1", Meta = new Meta { LastUpdated = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero) }, Gender = AdministrativeGender.Female };
        var older = new Patient { Id = "p1", Meta = new Meta { LastUpdated = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) }, Gender = AdministrativeGender.Unknown };

        var record = PatientRecord.Create([newer, older]);

        record.Resources.ShouldHaveSingleItem().ShouldBeSameAs(newer);
        record.Find<Patient>("p1").ShouldBeSameAs(newer);
    }

    [Fact]
    public void GivenDemoFixtures_WhenIndexed_ThenEveryTypeIsListed()
    {
        var record = FhirFixtures.DemoRecord();

        record.OfType<Claim>().Count.ShouldBe(9);
        record.OfType<Patient>().Count.ShouldBe(4);
        record.Find<Organization>("org-practice")!.Name.ShouldBe("Riverside Orthopedics & Specialty Care");
    }
}
