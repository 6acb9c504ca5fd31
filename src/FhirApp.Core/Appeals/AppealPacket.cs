using FhirApp.Core.Denials;
using FhirApp.Core.Documentation;
using FhirApp.Core.Scrubbing;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Appeals;

/// <summary>
/// Everything assembled for one claim at one appeal level: a decision per denied line, the evidence, and, only when at
/// least one line is contested with an argument and none waits for the clinician, the letter (HTML, PDF), its backing
/// result and its FHIR outputs. Without a letter, <see cref="NoLetter"/> says why in plain words.
/// </summary>
public sealed record AppealPacket
{
    public required string ClaimId { get; init; }

    /// <summary>One decision per denied (or rejected, reversed) line, in line order.</summary>
    public required IReadOnlyList<LineDecision> Decisions { get; init; }

    public required AppealEvidence Evidence { get; init; }

    /// <summary>The level, 0 for the first; its name and form as the payer's windows give them; its deadline.</summary>
    public int Level { get; init; }

    public required string LevelName { get; init; }

    public AppealForm Form { get; init; }

    public Deadline? Deadline { get; init; }

    /// <summary>How many levels the payer's windows name.</summary>
    public int LevelCount { get; init; } = 1;

    public string? PayerId { get; init; }

    /// <summary>The date of the decision appealed (the payer's, or the prior level's).</summary>
    public DateOnly? DecisionDate { get; init; }

    public string? PayerClaimNumber { get; init; }

    public string? AccountNumber { get; init; }

    /// <summary>Why no letter was written; null when there is one.</summary>
    public string? NoLetter { get; init; }

    public AppealLetterModel? Letter { get; init; }

    public string? Html { get; init; }

    public byte[]? Pdf { get; init; }

    /// <summary>Sentences of the letter's clinical blocks without backing; the packet must not be sent unless empty.</summary>
    public IReadOnlyList<UnbackedStatement> Unbacked { get; init; } = [];

    /// <summary>The packet as a DocumentReference (PDF attachment, context.related = the Claim and the decision).</summary>
    public DocumentReference? Document { get; init; }

    /// <summary>The Da Vinci CDex <c>$submit-attachment</c> input: the packet and the notes it quotes.</summary>
    public Parameters? SubmitAttachment { get; init; }

    /// <summary>The lines the letter contests.</summary>
    public IReadOnlyList<int> ContestedLines => Decisions.Where(d => d.Contested).Select(d => d.Line).ToList();

    /// <summary>Criteria counted for the success estimate: every criterion of the contested lines, and how many are met.</summary>
    public (int Found, int Total) Criteria
    {
        get
        {
            var sets = Decisions.Where(d => d.Contested && d.Evidence is not null)
                .SelectMany(d => d.Action == DenialRoute.RetroAuthorization && d.Evidence!.Supporting is { } s ? [s] : d.Evidence!.Sets).ToList();
            var criteria = sets.SelectMany(s => s.Criteria).Where(c => !c.Criterion.Optional).ToList();
            return (criteria.Count(c => c.Found), criteria.Count);
        }
    }
}
