namespace FhirApp.SandboxEhr.Payer;

/// <summary>One member in a payer's own file: who they are to the payer, their plan and its dates, what the plan needs.</summary>
public sealed record PayerMember
{
    public required string MemberId { get; init; }

    public required string Last { get; init; }

    public required string First { get; init; }

    public required string BirthDate { get; init; }

    public string Gender { get; init; } = "U";

    public string Plan { get; init; } = "";

    /// <summary>X12 insurance type (EB04): PR preferred provider, HM HMO, MB Medicare Part B.</summary>
    public string InsuranceType { get; init; } = "PR";

    public required string Start { get; init; }

    /// <summary>Null: open-ended.</summary>
    public string? End { get; init; }

    public bool ReferralRequired { get; init; }

    public bool AuthorizationRequired { get; init; }

    /// <summary>In force on a date (yyyy-MM-dd strings compare as dates).</summary>
    public bool CoversOn(string date) => string.CompareOrdinal(Start, date) <= 0 && (End is null || string.CompareOrdinal(date, End) <= 0);
}
