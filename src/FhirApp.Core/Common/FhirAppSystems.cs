namespace FhirApp.Core.Common;

/// <summary>
/// FhirApp's own code and identifier systems: every <c>urn:fhirapp:…</c> URI the app writes into a FHIR resource, each
/// used only where no published code system fits (the published ones it uses: LOINC document types, HL7 v3-ActReason,
/// the HL7 audit-event, restful-interaction, object-role, audit-entity-type and security-source-type systems, DICOM,
/// US NPI). docs/ehr-registration.md ("Codes and identifiers FhirApp writes") lists the same. Never change a URI: resources already
/// written to EHRs carry them, and the app reads its Tasks back by them.
/// </summary>
public static class FhirAppSystems
{
    // --- code systems ---

    /// <summary>Task.code: "documentation-addendum", a biller's documentation query to the rendering clinician (HL7's task-code has no such code).</summary>
    public const string TaskCode = "urn:fhirapp:task-code";

    /// <summary>Task.input.type / Task.output.type: "question", "criterion", "claim-line", "note"; "addendum" for the answer.</summary>
    public const string TaskInput = "urn:fhirapp:task-input";

    /// <summary>AuditEvent.purposeOfEvent beside HL7's HPAYMT: the app's own short reason ("view-claim", "appeal-send"…).</summary>
    public const string AuditPurpose = "urn:fhirapp:audit-purpose";

    /// <summary>DocumentReference.type of an appeal packet: "appeal-letter" (no LOINC document type names a payer appeal letter).</summary>
    public const string DocumentType = "urn:fhirapp:document-type";

    /// <summary>DocumentReference.category of an appeal packet: "appeal-packet".</summary>
    public const string DocumentCategory = "urn:fhirapp:document-category";

    // --- identifier systems ---

    /// <summary>The SMART launch an audit entry belongs to (the app's own random launch handle).</summary>
    public const string Launch = "urn:fhirapp:launch";

    /// <summary>The practice (tenant) an audit entry belongs to.</summary>
    public const string Tenant = "urn:fhirapp:tenant";

    /// <summary>An appeal packet: "{claim id}-{first 16 hex digits of the letter PDF's SHA-256}". Also the CDex TrackingId.</summary>
    public const string AppealPacket = "urn:fhirapp:appeal-packet";

    /// <summary>An addendum request Task: "{claim id}/{claim line}/{criterion id}", one question per claim line and criterion.</summary>
    public const string AddendumRequest = "urn:fhirapp:addendum-request";

    /// <summary>A clinician's addendum DocumentReference: "Task/{task id}" of the request it answers, one answer per request.</summary>
    public const string Addendum = "urn:fhirapp:addendum";

    /// <summary>The payer as the claim data names it (CDex PayerId), when the payer's own identifier system is not known.</summary>
    public const string PayerOrganization = "urn:fhirapp:payer-organization";

    /// <summary>The subscriber's member id (CDex MemberId), when the payer's own identifier system is not known.</summary>
    public const string MemberId = "urn:fhirapp:member-id";

    /// <summary>CoverageEligibilityResponse.meta.tag: how the payer was asked, "x12" (270/271 through the clearinghouse) or "fhir".</summary>
    public const string EligibilityRoute = "urn:fhirapp:eligibility-route";

    /// <summary>
    /// Identifier systems that name one thing FhirApp creates on an EHR: a create that carries one is made conditional
    /// on it (If-None-Exist), so a retry after a lost answer finds the first copy instead of writing a second.
    /// </summary>
    public static IReadOnlySet<string> BusinessIdentifiers { get; } = new HashSet<string>(StringComparer.Ordinal) { AppealPacket, AddendumRequest, Addendum };
}
