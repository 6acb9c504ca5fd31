namespace FhirApp.Core.Scrubbing.Learned;

/// <summary>One service line, as the learned rules see it.</summary>
internal sealed record LineFeatures
{
    public required int Sequence { get; init; }

    public required string Code { get; init; }

    public IReadOnlyList<string> Modifiers { get; init; } = [];

    /// <summary>Units of this code on the claim's lines for the day (summed over lines of the same code).</summary>
    public decimal UnitsPerDay { get; init; } = 1;

    public string? PlaceOfService { get; init; }

    /// <summary>The diagnoses the line points to (ICD-10-CM without the dot); the claim's first when it points to none.</summary>
    public IReadOnlyList<string> Diagnoses { get; init; } = [];

    /// <summary>The claim carries an authorization number.</summary>
    public bool AuthNumberOnClaim { get; init; }

    /// <summary>
    /// An authorization for this code covers the date of service: a number on the claim that the auths on file confirm
    /// for the code and date, or (when none of the claim's numbers is on file) the number alone.
    /// </summary>
    public bool AuthValid { get; init; }

    /// <summary>The stated validity (end − start, days) of the auth on file for this code, when there is one.</summary>
    public int? AuthValidityDays { get; init; }

    /// <summary>Days since the patient's previous service with the same code (earlier date of service), or null.</summary>
    public int? DaysSincePrevious { get; init; }

    /// <summary>Other procedure codes billed for the patient on the same day (this claim's other lines and other claims).</summary>
    public IReadOnlyList<string> SameDayCodes { get; init; } = [];

    /// <summary>The claim has another line that is not an E/M service (what modifier 25 is about).</summary>
    public bool OtherProcedureOnClaim { get; init; }
}
