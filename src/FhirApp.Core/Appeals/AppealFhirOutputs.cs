using System.Security.Cryptography;
using FhirApp.Core.Claims;
using FhirApp.Core.Common;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Appeals;

/// <summary>
/// The packet as FHIR: a DocumentReference carrying the letter PDF, and the Da Vinci CDex <c>$submit-attachment</c>
/// Parameters (CDex 2.1.0 profile cdex-parameters-submit-attachment: TrackingId, AttachTo, PayerId, OrganizationId,
/// ProviderId, MemberId, ServiceDate, then one Attachment per document with its LineItem(s), Code and Content).
/// </summary>
internal static class AppealFhirOutputs
{
    public const string SubmitAttachmentProfile = "http://hl7.org/fhir/us/davinci-cdex/StructureDefinition/cdex-parameters-submit-attachment";

    private const string NpiSystem = "http://hl7.org/fhir/sid/us-npi";

    // Our own identifier systems: the payer's own ones are not in the claim data.
    private const string PayerSystem = FhirAppSystems.PayerOrganization;
    private const string MemberSystem = FhirAppSystems.MemberId;

    /// <param name="reference">How the letter names the claim ("claim PCN-123"): the payer's number, never our id.</param>
    public static DocumentReference Document(ClaimContext context, ClaimDetail detail, byte[] pdf, DateTimeOffset now, string reference)
    {
        var claimId = detail.Summary.Id;
        var decision = detail.Adjudications.Count > 0 ? detail.Adjudications[0].Source : null;
        var related = new List<ResourceReference> { new("Claim/" + claimId) };
        if (decision is not null)
        {
            related.Add(new ResourceReference(decision));
        }

        // No id: the EHR assigns one on create. The identifier names this packet (the claim and the letter's bytes), so
        // sending the same letter again finds the packet already sent instead of adding a second.
        return new DocumentReference
        {
            Identifier = [PacketIdentifier(claimId, pdf)],
            Status = DocumentReferenceStatus.Current,
            DocStatus = CompositionStatus.Preliminary, // a draft until a biller reviews and sends it
            Type = new CodeableConcept(FhirAppSystems.DocumentType, "appeal-letter", "Claim appeal letter") { Text = "Claim appeal letter" },
            Category = [new CodeableConcept(FhirAppSystems.DocumentCategory, "appeal-packet", "Appeal packet") { Text = "Appeal packet" }],
            Subject = context.Patient?.Id is { } patient ? new ResourceReference("Patient/" + patient) : null,
            Date = now,
            Description = $"Appeal: {reference}",
            Content =
            [
                new DocumentReference.ContentComponent
                {
                    Attachment = new Attachment
                    {
                        ContentType = "application/pdf",
                        Data = pdf,
#pragma warning disable CA5350 // FHIR R4 defines Attachment.hash as SHA-1: an integrity check, not security.
                        Hash = SHA1.HashData(pdf),
#pragma warning restore CA5350
                        Title = "appeal-" + FileSafe(reference) + ".pdf",
                        CreationElement = new FhirDateTime(now),
                    },
                },
            ],
            Context = new DocumentReference.ContextComponent { Related = related },
        };
    }

    /// <summary>A file name part with only [A-Za-z0-9._-]: "claim PCN-1" becomes "claim_PCN-1".</summary>
    public static string FileSafe(string text) =>
        new string([.. text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]).Replace("..", "_", StringComparison.Ordinal);

    /// <summary>
    /// The packet's business identifier: the claim and a hash of the letter's text as the PDF carries it. Not of the PDF's
    /// bytes: the PDF writer puts a random file /ID in every trailer, so the same letter written twice differs there.
    /// </summary>
    public static Identifier PacketIdentifier(string claimId, byte[] pdf)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        var text = string.Join('\f', document.GetPages().Select(p => p.Text));
        var hash = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
        return new(FhirAppSystems.AppealPacket, $"{claimId}-{hash[..16]}");
    }

    public static Parameters SubmitAttachment(ClaimContext context, ClaimDetail detail, DocumentReference packet, IReadOnlyList<int> lines, IEnumerable<string> quotedNotes)
    {
        var parameters = new Parameters { Meta = new Meta { Profile = [SubmitAttachmentProfile] } };
        parameters.Add("TrackingId", (Identifier)packet.Identifier.Single(i => i.System == FhirAppSystems.AppealPacket).DeepCopy());
        parameters.Add("AttachTo", new Code("claim"));
        if (context.Payer?.Id is { } payer)
        {
            parameters.Add("PayerId", new Identifier(PayerSystem, payer));
        }

        if (detail.BillingProvider?.Npi is { } organizationNpi)
        {
            parameters.Add("OrganizationId", new Identifier(NpiSystem, organizationNpi));
        }

        if (detail.RenderingProvider?.Npi is { } providerNpi)
        {
            parameters.Add("ProviderId", new Identifier(NpiSystem, providerNpi));
        }

        if (detail.Coverage?.SubscriberId is { } member)
        {
            parameters.Add("MemberId", new Identifier(MemberSystem, member));
        }

        if (detail.Summary.ServiceDate is { } serviceDate)
        {
            parameters.Add("ServiceDate", new FhirDateTime(serviceDate.Year, serviceDate.Month, serviceDate.Day));
        }

        AddAttachment(parameters, lines, packet);
        var quoted = quotedNotes.ToHashSet(StringComparer.Ordinal);
        foreach (var note in context.Notes.Where(n => n.Id is not null && quoted.Contains(n.Id)))
        {
            AddAttachment(parameters, lines, note);
        }

        return parameters;
    }

    private static void AddAttachment(Parameters parameters, IReadOnlyList<int> lines, DocumentReference document)
    {
        var parts = lines.Select(l => new Parameters.ParameterComponent { Name = "LineItem", Value = new FhirString(l.ToString(System.Globalization.CultureInfo.InvariantCulture)) }).ToList();
        if (document.Type is { } type)
        {
            parts.Add(new Parameters.ParameterComponent { Name = "Code", Value = type });
        }

        parts.Add(new Parameters.ParameterComponent { Name = "Content", Resource = document });
        parameters.Parameter.Add(new Parameters.ParameterComponent { Name = "Attachment", Part = parts });
    }
}
