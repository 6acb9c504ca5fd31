namespace FhirApp.Core.Claims;

/// <summary>A clinical note (DocumentReference) near a claim's date of service; the text is read separately.</summary>
public sealed record NoteSummary
{
    /// <summary>DocumentReference id.</summary>
    public required string Id { get; init; }

    /// <summary>Note date.</summary>
    public DateOnly? Date { get; init; }

    /// <summary>Note type display (e.g. "Progress note").</summary>
    public string? Type { get; init; }

    /// <summary>Author name.</summary>
    public string? Author { get; init; }

    /// <summary>DocumentReference.description.</summary>
    public string? Description { get; init; }

    /// <summary>Whether an inline text/plain or text/html attachment can be read with <see cref="ClinicalNoteText"/>.</summary>
    public bool HasText { get; init; }

    /// <summary>Why FhirApp could not read the note's text (too large, damaged PDF, only a link…); null when it could.</summary>
    public string? Unreadable { get; init; }
}
