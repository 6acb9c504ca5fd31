namespace FhirApp.Core.Appeals;

/// <summary>
/// What a letter template sees (snake_case in Liquid: <c>claim.service_date</c>). Every clinical value in it is either a
/// verbatim quote with its source or a coded value of the claim; templates put them in <c>class="clinical"</c> blocks
/// with <c>data-source</c> so <see cref="LetterBackingCheck"/> can verify them.
/// </summary>
public sealed record AppealLetterModel
{
    public required string LetterDate { get; init; }

    public required string ContentVersion { get; init; }

    public required string ClaimId { get; init; }

    /// <summary>"Claim/{id}": the data-source of coded values.</summary>
    public required string ClaimSource { get; init; }

    public string? ServiceDate { get; init; }

    public string? Billed { get; init; }

    public string? PatientName { get; init; }

    public string? PatientBirthDate { get; init; }

    public string? MemberId { get; init; }

    public string? PayerId { get; init; }

    public string? PayerName { get; init; }

    public string? RenderingProvider { get; init; }

    public string? RenderingNpi { get; init; }

    public string? BillingProvider { get; init; }

    public string? BillingNpi { get; init; }

    public IReadOnlyList<string> Diagnoses { get; init; } = [];

    public IReadOnlyList<LetterLine> Lines { get; init; } = [];

    public LetterDenial? Denial { get; init; }

    public IReadOnlyList<LetterArgument> Arguments { get; init; } = [];

    public IReadOnlyList<string> AppealedLines { get; init; } = [];

    public IReadOnlyList<string> Attachments { get; init; } = [];

    public string? AppealLevel { get; init; }

    public string? AppealDeadline { get; init; }
}

/// <summary>A claim line: code with modifiers (coded value), charge, and the payer's reasons.</summary>
public sealed record LetterLine(int Sequence, string Code, string? Charge, bool Denied, string Reasons);

/// <summary>The payer's decision: its source resource and date, CARCs and RARCs with their texts, process notes.</summary>
public sealed record LetterDenial(string Source, string? Date, IReadOnlyList<string> Carcs, IReadOnlyList<string> Rarcs, IReadOnlyList<string> Notes);

/// <summary>One criterion set argued: its criteria with quotes, and the guidelines configured for the payer.</summary>
public sealed record LetterArgument(string Title, string Lines, IReadOnlyList<LetterCriterion> Criteria, IReadOnlyList<string> Guidelines);

/// <summary>A criterion and its quotes; <c>Found</c> false means the chart does not show it (the letter says so, no more).</summary>
public sealed record LetterCriterion(string Text, bool Found, IReadOnlyList<LetterQuote> Quotes);

/// <summary>A verbatim quote and its citation; <c>Source</c> = "DocumentReference/{id}".</summary>
public sealed record LetterQuote(string Quote, string Source, string DocumentId, string? Date, string? Author);
