using FhirApp.Core.Denials;
using FhirApp.Core.Documentation;

namespace FhirApp.Core.Appeals;

/// <summary>
/// What to do with one denied line, decided before any letter: appeal, corrected claim, retro-authorization request,
/// bill the patient, write off (with the payer's adjustment reason), ask the clinician (or resubmit / review), and why,
/// in one plain sentence. It follows the denial's mechanism, the evidence the chart and the claim hold, the deadline and
/// the expected value.
/// </summary>
public sealed record LineDecision
{
    /// <summary>The claim line (0: the whole claim).</summary>
    public required int Line { get; init; }

    /// <summary>The line as billed ("20610-RT"); null for a whole-claim decision without lines.</summary>
    public string? Billed { get; init; }

    /// <summary>The payer's reason as labelled on the remittance ("CO-197").</summary>
    public string? Reason { get; init; }

    public required AppealMechanism Mechanism { get; init; }

    public required DenialCategory Category { get; init; }

    public required DenialRoute Action { get; init; }

    /// <summary>One plain sentence: why this action.</summary>
    public required string Why { get; init; }

    /// <summary>For a write-off: the payer's adjustment reason the balance is adjusted off with.</summary>
    public string? AdjustmentReason { get; init; }

    /// <summary>Denied dollars.</summary>
    public decimal Amount { get; init; }

    /// <summary>P(overturn) × amount − the cost of working it (zero when another line of the claim is already worked).</summary>
    public decimal ExpectedValue { get; init; }

    public double OverturnProbability { get; init; }

    /// <summary>The date the action is due (the queue shows the same one), or null when nothing is owed to the payer.</summary>
    public Deadline? Deadline { get; init; }

    /// <summary>The line's evidence (null for a mechanism no appeal argues).</summary>
    public LineEvidence? Evidence { get; init; }

    /// <summary>For <see cref="DenialRoute.AskClinician"/> (and a retro-authorization still short of quotes): the questions to ask.</summary>
    public IReadOnlyList<Criterion> ToAsk { get; init; } = [];

    /// <summary>The line is argued in a letter: an appeal, or a retro-authorization request.</summary>
    public bool Contested => Action is DenialRoute.Appeal or DenialRoute.RetroAuthorization;
}
