using FhirApp.Core.Claims;
using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Scrubbing;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Scoring;

/// <summary>
/// Reads NDJSON / Bundle folders into <see cref="ScoringClaim"/>s for training and batch scoring. Bad input costs only
/// itself and is counted: unreadable resources (skipped by the reader), EOBs without their Claim, claims without a usable
/// adjudication (in history), several adjudications of one claim (the latest wins).
/// </summary>
public static class ScoringBatch
{
    /// <summary>Trains a model from a history folder and writes it to <paramref name="modelDirectory"/>.</summary>
    public static (ModelCard Card, ScoringReadReport Report) Train(string historyDirectory, RuleBook rules, string modelDirectory)
    {
        ArgumentNullException.ThrowIfNull(historyDirectory);
        ArgumentNullException.ThrowIfNull(rules);
        var (claims, report) = Read([historyDirectory], rules, null);
        return (DenialRiskTrainer.Train(claims, modelDirectory), report);
    }

    /// <summary>Scores the claims in <paramref name="claimsDirectory"/>; <paramref name="historyDirectory"/> adds the patients' earlier claims.</summary>
    public static (IReadOnlyList<RiskScore> Scores, ScoringReadReport Report) Score(string claimsDirectory, string? historyDirectory, DenialRiskModel model, RuleBook rules)
    {
        ArgumentNullException.ThrowIfNull(claimsDirectory);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rules);
        var toScore = FhirResourceReader.ReadDirectory(claimsDirectory);
        var ids = toScore.Resources.OfType<Claim>().Where(c => c.Use is null or ClaimUseCode.Claim && c.Id is not null).Select(c => c.Id!).ToHashSet(StringComparer.Ordinal);
        var read = historyDirectory is null ? toScore : FhirReadResult.Combine([toScore, FhirResourceReader.ReadDirectory(historyDirectory)]);
        var (claims, report) = Read(read, rules, ids);
        return (model.Score(claims), report);
    }

    internal static (List<ScoringClaim> Claims, ScoringReadReport Report) Read(IReadOnlyList<string> directories, RuleBook rules, HashSet<string>? only) =>
        Read(FhirReadResult.Combine(directories.Select(FhirResourceReader.ReadDirectory)), rules, only);

    internal static (List<ScoringClaim> Claims, ScoringReadReport Report) Read(FhirReadResult read, RuleBook rules, HashSet<string>? only)
    {
        var report = new ScoringReadReport
        {
            Resources = read.Resources.Count,
            SkippedResources = read.SkippedIssues.Count(),
        };
        // Patients are independent (contexts, scrubbing with the submission-day clock, features): one per core, in order.
        var perPatient = PatientRecordGrouper.Group(read.Resources).AsParallel().AsOrdered()
            .Select(record => (
                Claims: ScoringClaimFactory.FromRecord(record, rules, only).ToList(),
                EobsWithoutClaim: record.OfType<ExplanationOfBenefit>().Count(e => e.Claim?.Reference is not { Length: > 0 } || record.Resolve(e.Claim, e) is null)))
            .ToList();
        var claims = perPatient.SelectMany(p => p.Claims).ToList();
        report.EobsWithoutClaim = perPatient.Sum(p => p.EobsWithoutClaim);

        report.Claims = claims.Count;
        report.PayerOfClaim = claims.ToDictionary(c => c.ClaimId, c => c.PayerName, StringComparer.Ordinal);
        report.Labelled = claims.Count(c => c.Label is not null);
        report.Denied = claims.Count(c => c.Label?.Denied == true);
        return (claims, report);
    }
}

/// <summary>What a training or scoring read saw and skipped.</summary>
public sealed record ScoringReadReport
{
    public int Resources { get; set; }

    public int SkippedResources { get; set; }

    public int Claims { get; set; }

    public int Labelled { get; set; }

    public int Denied { get; set; }

    public int EobsWithoutClaim { get; set; }

    /// <summary>Claim id → payer name, for per-payer reports.</summary>
    public IReadOnlyDictionary<string, string> PayerOfClaim { get; set; } = new Dictionary<string, string>();
}
