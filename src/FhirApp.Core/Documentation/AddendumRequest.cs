namespace FhirApp.Core.Documentation;

/// <summary>
/// A documentation addendum request as FhirApp reads it back from its FHIR Task: the question for the clinician, the
/// claim and patient it is about, the note an answer appends to, and where it stands.
/// </summary>
public sealed record AddendumRequest
{
    public required string TaskId { get; init; }

    public required string Question { get; init; }

    /// <summary>"Claim/{id}".</summary>
    public string? Claim { get; init; }

    /// <summary>"Patient/{id}".</summary>
    public string? Patient { get; init; }

    /// <summary>The clinician asked: "Practitioner/{id}".</summary>
    public string? Owner { get; init; }

    public string? Requester { get; init; }

    /// <summary>The note an answer is appended to ("DocumentReference/{id}"), when the claim has one.</summary>
    public string? Note { get; init; }

    /// <summary>The appeal criterion the chart lacked (criteria.json id).</summary>
    public string? Criterion { get; init; }

    /// <summary>The date of the service the question is about: an answer long after it is a late entry.</summary>
    public DateOnly? ServiceDate { get; init; }

    /// <summary>FHIR Task.status: requested, in-progress, completed, cancelled...</summary>
    public required string Status { get; init; }

    public DateTimeOffset? AuthoredOn { get; init; }

    /// <summary>The addendum DocumentReference, once answered.</summary>
    public string? Answer { get; init; }

    public bool IsOpen => Status is "requested" or "received" or "accepted" or "ready" or "in-progress";
}
