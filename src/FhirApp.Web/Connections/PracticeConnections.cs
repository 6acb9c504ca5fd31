using FhirApp.Core.Eligibility;
using FhirApp.Core.Scrubbing.Corrections.X12;

namespace FhirApp.Web.Connections;

/// <summary>
/// How one practice (registration) exchanges files and requests beyond its EHR: the 835 drop folder, the 837P
/// submitter settings, and the eligibility routes per payer. Read from the same smart-config/ file as the registration.
/// </summary>
public sealed record PracticeConnections
{
    public static PracticeConnections None { get; } = new();

    public RemittanceDropSettings? Remittance { get; init; }

    /// <summary>The clearinghouse enrollment an 837P is written for; null: no 837P download for this practice.</summary>
    public Submitter837Options? ClaimSubmission { get; init; }

    /// <summary>Where each payer is asked about eligibility; null: no eligibility checks for this practice.</summary>
    public EligibilitySettings? Eligibility { get; init; }

    /// <summary>The drop folder as an absolute path (set when loaded).</summary>
    public string? DropFolderPath { get; init; }
}
