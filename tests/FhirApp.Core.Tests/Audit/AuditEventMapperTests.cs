using FhirApp.Core.Audit;
using FhirApp.Core.Data;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace FhirApp.Core.Tests.Audit;

public sealed class AuditEventMapperTests
{
    private static readonly DateTime At = new(2026, 11, 23, 9, 30, 5, DateTimeKind.Utc);

    private static AuditEvent RoundTrip(AuditEntry entry)
    {
        var json = new FhirJsonSerializer().SerializeToString(AuditEventMapper.ToBundle([entry], At));
        var bundle = new FhirJsonDeserializer().Deserialize<Bundle>(json);
        (bundle.Type, bundle.Entry.Count, bundle.Total).ShouldBe((Bundle.BundleType.Collection, 1, (int?)null)); // bdl-1: total only in a searchset or history
        return bundle.Entry.ShouldHaveSingleItem().Resource.ShouldBeOfType<AuditEvent>();
    }

    [Fact]
    public void GivenACoalescedReadOfAClaim_WhenExportedAndParsedBack_ThenItIsAPatientRecordReadWithWhoWhatWhenAndLaunch()
    {
        var audit = RoundTrip(new AuditEntry
        {
            Id = 42,
            Tenant = "sandbox",
            RecordedAt = At,
            User = "Practitioner/pr-susan-patel",
            LaunchId = "launch-abc",
            Action = AuditAction.Read,
            What = "Claim/claim-maria-20610",
            Patient = "Patient/p-maria-lopez",
            Purpose = "view-claim",
            ClientAddress = "10.0.0.7",
            Count = 3,
        });

        audit.Id.ShouldBe("42");
        (audit.Type!.System, audit.Type.Code).ShouldBe((AuditEventMapper.DicomSystem, "110110"));
        audit.Subtype.ShouldHaveSingleItem().Code.ShouldBe("read");
        audit.Action.ShouldBe(AuditEvent.AuditEventAction.R);
        audit.Outcome.ShouldBe(AuditEvent.AuditEventOutcome.N0);
        audit.Recorded.ShouldBe(new DateTimeOffset(At));
        audit.PurposeOfEvent.ShouldHaveSingleItem().Coding.Select(c => c.Code).ShouldBe(["HPAYMT", "view-claim"]);

        var agent = audit.Agent.ShouldHaveSingleItem();
        (agent.Who!.Reference, agent.Requestor, agent.Network!.Address, agent.Network.Type)
            .ShouldBe(("Practitioner/pr-susan-patel", (bool?)true, "10.0.0.7", (AuditEvent.AuditEventAgentNetworkType?)AuditEvent.AuditEventAgentNetworkType.N2));
        (audit.Source!.Site, audit.Source.Observer!.Display).ShouldBe(("sandbox", "FhirApp"));

        audit.Entity.Count.ShouldBe(3);
        var claim = audit.Entity[0];
        (claim.What!.Reference, claim.Role!.Code, claim.Type!.Code).ShouldBe(("Claim/claim-maria-20610", "4", "2"));
        claim.Detail.ShouldHaveSingleItem().Value.ShouldBeOfType<FhirString>().Value.ShouldBe("3");
        (audit.Entity[1].What!.Reference, audit.Entity[1].Role!.Code).ShouldBe(("Patient/p-maria-lopez", "1"));
        (audit.Entity[2].What!.Identifier!.System, audit.Entity[2].What!.Identifier!.Value).ShouldBe((AuditEventMapper.LaunchSystem, "launch-abc"));
    }

    [Theory]
    [InlineData(AuditAction.Create, AuditOutcome.Success, "create", AuditEvent.AuditEventAction.C, AuditEvent.AuditEventOutcome.N0)]
    [InlineData(AuditAction.Update, AuditOutcome.Failed, "update", AuditEvent.AuditEventAction.U, AuditEvent.AuditEventOutcome.N8)]
    [InlineData(AuditAction.Delete, AuditOutcome.Success, "delete", AuditEvent.AuditEventAction.D, AuditEvent.AuditEventOutcome.N0)]
    [InlineData(AuditAction.Execute, AuditOutcome.Denied, "operation", AuditEvent.AuditEventAction.E, AuditEvent.AuditEventOutcome.N4)]
    public void GivenAChange_WhenExported_ThenItIsARestOperationWithTheMatchingActionAndOutcome(
        AuditAction action, AuditOutcome outcome, string subtype, AuditEvent.AuditEventAction fhirAction, AuditEvent.AuditEventOutcome fhirOutcome)
    {
        var audit = RoundTrip(new AuditEntry
        {
            Tenant = "sandbox", RecordedAt = At, User = "system:job", Action = action, What = "Job/adjudication-poll", Purpose = "job-run-now", Outcome = outcome,
        });

        (audit.Type!.System, audit.Type.Code).ShouldBe((AuditEventMapper.EventTypeSystem, "rest"));
        audit.Subtype.ShouldHaveSingleItem().Code.ShouldBe(subtype);
        (audit.Action, audit.Outcome).ShouldBe((fhirAction, fhirOutcome));
        var agent = audit.Agent.ShouldHaveSingleItem();
        (agent.Who!.Reference, agent.Who.Display, agent.Network).ShouldBe(((string?)null, "system:job", (AuditEvent.NetworkComponent?)null));
        audit.Entity.ShouldHaveSingleItem().What!.Reference.ShouldBe("Job/adjudication-poll");
    }

    [Fact]
    public void GivenASearchWithoutAnInstance_WhenExported_ThenTheSubtypeIsSearchTypeAndTheEntityNamesTheType()
    {
        var audit = RoundTrip(new AuditEntry { Tenant = "sandbox", RecordedAt = At, User = "Practitioner/pr-1", Action = AuditAction.Read, What = "Claim", Purpose = "view-claims" });

        audit.Subtype.ShouldHaveSingleItem().Code.ShouldBe("search-type");
        audit.Type!.Code.ShouldBe("rest"); // no patient: not a patient-record event
        audit.Entity.ShouldHaveSingleItem().What!.Type.ShouldBe("Claim");
    }

    [Fact]
    public void GivenAnEntry_WhenExportedTwice_ThenItsFullUrlIsTheSameUrnUuidAndAnotherPracticesDiffers()
    {
        var entry = new AuditEntry { Id = 7, Tenant = "a", RecordedAt = At, User = "Practitioner/x", Action = AuditAction.Read, What = "Claim", Purpose = "view-claim" };

        var first = AuditEventMapper.ToBundle([entry], At).Entry.Single().FullUrl;
        var again = AuditEventMapper.ToBundle([entry], At).Entry.Single().FullUrl;
        entry.Tenant = "b";
        var other = AuditEventMapper.ToBundle([entry], At).Entry.Single().FullUrl;

        first.ShouldNotBeNull().ShouldMatch("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
        again.ShouldBe(first);
        other.ShouldNotBe(first);
    }
}
