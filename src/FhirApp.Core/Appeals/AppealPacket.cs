using Hl7.Fhir.Model;

namespace FhirApp.Core.Appeals;

/// <summary>Everything assembled for one claim's appeal: evidence, letter (HTML, PDF), backing result and FHIR outputs.</summary>
public sealed record AppealPacket
{
    public required string ClaimId { get; init; }

    public required AppealEvidence Evidence { get; init; }

    public required AppealLetterModel Letter { get; init; }

    public required string Html { get; init; }

    public required byte[] Pdf { get; init; }

    /// <summary>Sentences of the letter's clinical blocks without backing; the packet must not be sent unless empty.</summary>
    public required IReadOnlyList<UnbackedStatement> Unbacked { get; init; }

    /// <summary>The packet as a DocumentReference (PDF attachment, context.related = the Claim and the decision).</summary>
    public required DocumentReference Document { get; init; }

    /// <summary>The Da Vinci CDex <c>$submit-attachment</c> input: the packet and the notes it quotes.</summary>
    public required Parameters SubmitAttachment { get; init; }
}
