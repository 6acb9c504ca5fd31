namespace FhirApp.Core.Appeals;

/// <summary>
/// What a letter template sees (snake_case in Liquid: <c>claim.service_date</c>). Every clinical value in it is a verbatim
/// quote with its source, a coded value of the claim (or its coverage, authorization, the payer's rules), or a figure
/// computed from both; templates put them in <c>class="clinical"</c> blocks with <c>data-source</c> so
/// <see cref="LetterBackingCheck"/> can verify them. No FHIR id is printed: the claim is named by the payer's claim
/// number and the practice's account number.
/// </summary>
public sealed record AppealLetterModel
{
    public required string LetterDate { get; init; }

    public required string ContentVersion { get; init; }

    /// <summary>The request's form (kebab-case <see cref="Scrubbing.AppealForm"/>, or "retro-authorization").</summary>
    public required string Form { get; init; }

    /// <summary>The letter's title ("Request for Medicare redetermination").</summary>
    public required string Title { get; init; }

    /// <summary>The appeal level as the payer names it ("redetermination", "second-level appeal").</summary>
    public required string Level { get; init; }

    /// <summary>1 for the first level.</summary>
    public int LevelNumber { get; init; } = 1;

    /// <summary>The date the payer must receive the request (the date the queue shows), with the clause that sets it.</summary>
    public string? Deadline { get; init; }

    public string? DeadlineClause { get; init; }

    public required LetterParty Practice { get; init; }

    public required LetterParty Payer { get; init; }

    /// <summary>"Claim/{id}": the data-source of coded values.</summary>
    public required string ClaimSource { get; init; }

    public string? PatientName { get; init; }

    public string? PatientBirthDate { get; init; }

    public string? MemberId { get; init; }

    /// <summary>The payer's claim number (ICN / claim control number) from its decision.</summary>
    public string? PayerClaimNumber { get; init; }

    /// <summary>The practice's account number for the claim (the 837's patient account number).</summary>
    public string? AccountNumber { get; init; }

    public string? ServiceDate { get; init; }

    /// <summary>The date of the decision appealed (for a later level, the prior level's decision).</summary>
    public string? DecisionDate { get; init; }

    /// <summary>For a level after the first: the prior level's decision, as the payer named it (a reference number), and its date.</summary>
    public string? PriorDecisionReference { get; init; }

    public string? Billed { get; init; }

    public string? Denied { get; init; }

    public string? RenderingProvider { get; init; }

    public string? RenderingNpi { get; init; }

    public IReadOnlyList<string> Diagnoses { get; init; } = [];

    /// <summary>Every line of the claim, and what happens to it.</summary>
    public IReadOnlyList<LetterLine> Lines { get; init; } = [];

    /// <summary>One argument per line the letter contests, in line order.</summary>
    public IReadOnlyList<LetterArgument> Arguments { get; init; } = [];

    /// <summary>"1 and 3": the lines appealed.</summary>
    public string? AppealedLines { get; init; }

    /// <summary>"2": the lines a retroactive authorization is asked for.</summary>
    public string? RetroLines { get; init; }

    /// <summary>The items (service, date) the request is about, for the form fields: "20610-RT on 2026-02-10".</summary>
    public string? ItemsAppealed { get; init; }

    public IReadOnlyList<string> Attachments { get; init; } = [];

    /// <summary>Who signs: the rendering clinician, else the practice.</summary>
    public string? Signer { get; init; }

    public string? SignerNpi { get; init; }
}

/// <summary>A party's name and address lines, as the letterhead or the recipient block prints them.</summary>
public sealed record LetterParty(string? Name, IReadOnlyList<string> AddressLines, string? Phone = null, string? Npi = null, string? TaxId = null);

/// <summary>A claim line: code with modifiers (coded value), charge, the payer's reasons, and whether this letter contests it.</summary>
public sealed record LetterLine(int Sequence, string Code, string? Charge, string Reasons, bool Contested, string Outcome);

/// <summary>
/// One contested line: what the payer decided, what is asked, the points the record shows (each said once in the
/// letter), and the guidelines configured for the payer.
/// </summary>
public sealed record LetterArgument(int Line, string Code, string? Reason, string Title, bool RetroAuthorization, IReadOnlyList<LetterPoint> Points, IReadOnlyList<string> Guidelines);

/// <summary>
/// A numbered point: a quote ("quote", with its citation), a coded fact ("fact", with a label) or a computed figure
/// ("derived"); <see cref="Shows"/> names the criteria it meets. <see cref="RefersTo"/> &gt; 0: the same point was printed
/// earlier under that number and is not repeated.
/// </summary>
public sealed record LetterPoint(int Number, string Kind, string Text, string Source, string? Citation, string? Label, IReadOnlyList<string> Shows, int RefersTo = 0);
