using System.Globalization;
using System.Text;
using FhirApp.Core.Denials;
using FhirApp.Core.Scrubbing.Synthetic;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Scoring.Synthetic;

/// <summary>
/// A simulated practice: adjudicated history (Claim + ClaimResponse + ExplanationOfBenefit), future claims not yet
/// submitted, and the truth about each claim (the simulator's denial probability and the realized outcome).
/// </summary>
public sealed record SimulatedPractice(
    IReadOnlyList<Resource> History,
    IReadOnlyList<Resource> Future,
    IReadOnlyList<SimulatedClaimTruth> Truth,
    DateOnly Today,
    IReadOnlyList<SimulatedMechanism>? Mechanisms = null)
{
    public const string TruthHeader = "claim_id,true_probability,outcome,reason,category,set";

    public const string CausesHeader = "claim_id,payer_id,reason,mechanism,visible,set";

    /// <summary>
    /// Writes DIR/history/*.ndjson, DIR/future/*.ndjson (FHIR Bulk NDJSON, one type per file) and DIR/truth.csv; a
    /// randomized practice adds DIR/mechanisms.json (every payer's mechanisms) and DIR/causes.csv (per denied claim, the
    /// mechanism that denied it and whether its cause was visible in the claim, its coverage and the history).
    /// </summary>
    public void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        new SyntheticCorpus(History, [], Today).WriteNdjson(Path.Combine(directory, "history"));
        new SyntheticCorpus(Future, [], Today).WriteNdjson(Path.Combine(directory, "future"));
        var csv = new StringBuilder();
        csv.Append(TruthHeader).Append('\n');
        foreach (var t in Truth)
        {
            csv.Append(t.ClaimId).Append(',')
                .Append(t.Probability.ToString("0.000000", CultureInfo.InvariantCulture)).Append(',')
                .Append(t.Denied ? "denied" : "paid").Append(',')
                .Append(t.Reason ?? "").Append(',')
                .Append(t.Category?.ToString() ?? "").Append(',')
                .Append(t.Future ? "future" : "history").Append('\n');
        }

        File.WriteAllText(Path.Combine(directory, "truth.csv"), csv.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        if (Mechanisms is not null)
        {
            RandomizedPracticeWriter.Write(directory, Mechanisms, Truth);
        }
    }
}

/// <summary>
/// One claim's truth: the simulator's denial probability, whether it was denied, and why (the CARC and its category);
/// in the randomized mode also the payer, the mechanism that denied it and whether that cause was visible.
/// </summary>
public sealed record SimulatedClaimTruth(
    string ClaimId,
    double Probability,
    bool Denied,
    string? Reason,
    DenialCategory? Category,
    bool Future,
    string? PayerId = null,
    string? Mechanism = null,
    bool? Visible = null);
