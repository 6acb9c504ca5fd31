using System.Globalization;
using FhirApp.Core.Data;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Audit;

/// <summary>
/// Audit entries as FHIR R4 AuditEvents (hl7.org/fhir/R4/auditevent.html): reads of a patient's record are DICOM
/// "Patient Record" (110110) events, everything else a RESTful operation, with the FHIR interaction as subtype.
/// </summary>
public static class AuditEventMapper
{
    public const string DicomSystem = "http://dicom.nema.org/resources/ontology/DCM";
    public const string EventTypeSystem = "http://terminology.hl7.org/CodeSystem/audit-event-type";
    public const string InteractionSystem = "http://hl7.org/fhir/restful-interaction";
    public const string EntityTypeSystem = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    public const string ObjectRoleSystem = "http://terminology.hl7.org/CodeSystem/object-role";
    public const string SourceTypeSystem = "http://terminology.hl7.org/CodeSystem/security-source-type";
    public const string ActReasonSystem = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
    public const string ParticipationSystem = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";

    /// <summary>FhirApp's own codes: why (purpose) and which SMART launch.</summary>
    public const string PurposeSystem = Common.FhirAppSystems.AuditPurpose;
    public const string LaunchSystem = Common.FhirAppSystems.Launch;

    public static AuditEvent ToAuditEvent(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var instance = entry.What.Contains('/', StringComparison.Ordinal);
        var audit = new AuditEvent
        {
            Id = entry.Id.ToString(CultureInfo.InvariantCulture),
            Type = entry.Patient is not null && entry.Action == AuditAction.Read
                ? new Coding(DicomSystem, "110110", "Patient Record")
                : new Coding(EventTypeSystem, "rest", "RESTful Operation"),
            Subtype = [Interaction(entry.Action, instance)],
            Action = entry.Action switch
            {
                AuditAction.Read => AuditEvent.AuditEventAction.R,
                AuditAction.Create => AuditEvent.AuditEventAction.C,
                AuditAction.Update => AuditEvent.AuditEventAction.U,
                AuditAction.Delete => AuditEvent.AuditEventAction.D,
                _ => AuditEvent.AuditEventAction.E,
            },
            Recorded = new DateTimeOffset(DateTime.SpecifyKind(entry.RecordedAt, DateTimeKind.Utc)),
            Outcome = entry.Outcome switch
            {
                AuditOutcome.Success => AuditEvent.AuditEventOutcome.N0,
                AuditOutcome.Denied => AuditEvent.AuditEventOutcome.N4,
                _ => AuditEvent.AuditEventOutcome.N8,
            },
            PurposeOfEvent =
            [
                new CodeableConcept
                {
                    // Everything FhirApp does serves getting claims paid.
                    Coding = [new Coding(ActReasonSystem, "HPAYMT", "healthcare payment"), new Coding(PurposeSystem, entry.Purpose)],
                },
            ],
            Source = new AuditEvent.SourceComponent
            {
                Site = entry.Tenant,
                Observer = new ResourceReference { Display = "FhirApp", Identifier = new Identifier(Common.FhirAppSystems.Tenant, entry.Tenant) },
                Type = [new Coding(SourceTypeSystem, "4", "Application Server")],
            },
        };
        audit.Agent.Add(Agent(entry));
        audit.Entity.Add(Entity(entry, instance));
        if (entry.Patient is not null && entry.Patient != entry.What)
        {
            audit.Entity.Add(new AuditEvent.EntityComponent
            {
                What = new ResourceReference(entry.Patient),
                Type = new Coding(EntityTypeSystem, "1", "Person"),
                Role = new Coding(ObjectRoleSystem, "1", "Patient"),
            });
        }
        if (entry.LaunchId is not null)
        {
            audit.Entity.Add(new AuditEvent.EntityComponent
            {
                What = new ResourceReference { Identifier = new Identifier(LaunchSystem, entry.LaunchId), Display = "SMART launch" },
                Type = new Coding(EntityTypeSystem, "2", "System Object"),
                Role = new Coding(ObjectRoleSystem, "24", "Query"),
            });
        }
        return audit;
    }

    /// <summary>The entries as one collection Bundle.</summary>
    public static Bundle ToBundle(IEnumerable<AuditEntry> entries, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var bundle = new Bundle { Type = Bundle.BundleType.Collection, Timestamp = now };
        foreach (var entry in entries)
        {
            var audit = ToAuditEvent(entry);
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = FullUrl(entry), Resource = audit });
        }
        return bundle;
    }

    /// <summary>
    /// A urn:uuid (what R4 allows besides a server's own URL), the same for an entry in every export: a name-based UUID
    /// (RFC 9562 version 8) from the practice and the entry id. The earlier urn:fhirapp:audit:{id} left relative
    /// references in the entry with no base to resolve against.
    /// </summary>
    internal static string FullUrl(AuditEntry entry)
    {
        var bytes = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"fhirapp-audit:{entry.Tenant}:{entry.Id.ToString(CultureInfo.InvariantCulture)}"))[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC variant
        return "urn:uuid:" + new Guid(bytes, bigEndian: true).ToString("D");
    }

    private static Coding Interaction(AuditAction action, bool instance) => action switch
    {
        AuditAction.Read => instance ? new Coding(InteractionSystem, "read", "read") : new Coding(InteractionSystem, "search-type", "search type"),
        AuditAction.Create => new Coding(InteractionSystem, "create", "create"),
        AuditAction.Update => new Coding(InteractionSystem, "update", "update"),
        AuditAction.Delete => new Coding(InteractionSystem, "delete", "delete"),
        _ => new Coding(InteractionSystem, "operation", "operation"),
    };

    private static AuditEvent.AgentComponent Agent(AuditEntry entry)
    {
        var agent = new AuditEvent.AgentComponent
        {
            Requestor = true,
            Type = new CodeableConcept(ParticipationSystem, "IRCP", "information recipient"),
        };
        if (entry.User.StartsWith("system:", StringComparison.Ordinal))
        {
            agent.Who = new ResourceReference { Display = entry.User };
        }
        else
        {
            agent.Who = new ResourceReference(entry.User);
        }
        if (entry.ClientAddress is not null)
        {
            agent.Network = new AuditEvent.NetworkComponent { Address = entry.ClientAddress, Type = AuditEvent.AuditEventAgentNetworkType.N2 };
        }
        return agent;
    }

    private static AuditEvent.EntityComponent Entity(AuditEntry entry, bool instance)
    {
        var entity = new AuditEvent.EntityComponent
        {
            What = instance ? new ResourceReference(entry.What) : new ResourceReference { Type = entry.What, Display = $"search of {entry.What}" },
            Type = entry.What.StartsWith("Patient", StringComparison.Ordinal) ? new Coding(EntityTypeSystem, "1", "Person") : new Coding(EntityTypeSystem, "2", "System Object"),
            Role = entry.What.StartsWith("Patient", StringComparison.Ordinal) ? new Coding(ObjectRoleSystem, "1", "Patient") : new Coding(ObjectRoleSystem, "4", "Domain Resource"),
        };
        if (entry.Count > 1)
        {
            // Coalesced reads: how many times the same resource was read in the window.
            entity.Detail.Add(new AuditEvent.DetailComponent { Type = "count", Value = new FhirString(entry.Count.ToString(CultureInfo.InvariantCulture)) });
        }
        return entity;
    }
}
