using FhirApp.Core.Claims;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Tests.Claims;

public sealed class PatientRecordGrouperTests
{
    [Fact]
    public void GivenTwoPatientsAndSharedResources_WhenGrouped_ThenEachRecordHoldsItsOwnDataAndOnlyTheSharedResourcesItReferences()
    {
        var acme = new Organization { Id = "acme" };
        var other = new Organization { Id = "other" };
        var surgeon = new Practitioner { Id = "surgeon" };
        var role = new PractitionerRole { Id = "role", Practitioner = new ResourceReference("Practitioner/surgeon") };
        Resource[] resources =
        [
            acme, other, surgeon, role,
            new Patient { Id = "p1" },
            new Patient { Id = "p2" },
            new Claim { Id = "c1", Patient = new ResourceReference("Patient/p1"), Insurer = new ResourceReference("Organization/acme") },
            new Claim
            {
                Id = "c2",
                Patient = new ResourceReference("Patient/p2"),
                CareTeam = [new Claim.CareTeamComponent { Sequence = 1, Provider = new ResourceReference("PractitionerRole/role") }],
            },
            new Claim { Id = "c3", Patient = new ResourceReference("Patient/ghost") },
        ];

        var records = PatientRecordGrouper.Group(resources).ToList();

        records.Count.ShouldBe(3);
        records[0].Resources.Select(r => r.Id).ShouldBe(["p1", "c1", "acme"]);
        records[1].Resources.Select(r => r.Id).ShouldBe(["p2", "c2", "role", "surgeon"], "a PractitionerRole brings its Practitioner");
        records[2].Resources.Select(r => r.Id).ShouldBe(["c3"], "a dangling patient reference still groups its claim");
        records.ShouldAllBe(r => r.Find<Organization>("other") == null);
    }
}
