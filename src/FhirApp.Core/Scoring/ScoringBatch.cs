using System.Diagnostics;
using FhirApp.Core.Claims;
using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Scrubbing;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

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

    /// <summary>
    /// Scores the claims in <paramref name="claimsDirectory"/>; <paramref name="historyDirectory"/> adds the patients'
    /// earlier claims. Bulk NDJSON is read one patient at a time (as scrub does, <see cref="BulkExportByPatient"/>): a
    /// patient's claims are scored from their record and its objects die young, so memory follows the files' bytes and
    /// the claims' features, not every resource parsed at once. Anything else is read whole, as before.
    /// </summary>
    public static (IReadOnlyList<RiskScore> Scores, ScoringReadReport Report) Score(string claimsDirectory, string? historyDirectory, DenialRiskModel model, RuleBook rules)
    {
        ArgumentNullException.ThrowIfNull(claimsDirectory);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rules);
        var clock = Stopwatch.StartNew();
        var prefix = Path.TrimEndingDirectorySeparator(claimsDirectory) + Path.DirectorySeparatorChar;
        string[] directories = historyDirectory is null ? [claimsDirectory] : [claimsDirectory, historyDirectory];
        List<ScoringClaim> claims;
        ScoringReadReport report;
        if (BulkExportByPatient.TryRead(directories, record => FromRecord(record, rules, ToScore(record, prefix)), out var perPatient, out var resources, out var skipped))
        {
            (claims, report) = Report(perPatient, resources, skipped);
        }
        else
        {
            var toScore = FhirResourceReader.ReadDirectory(claimsDirectory);
            var ids = toScore.Resources.OfType<Claim>().Where(IsScored).Select(c => c.Id!).ToHashSet(StringComparer.Ordinal);
            var read = historyDirectory is null ? toScore : FhirReadResult.Combine([toScore, FhirResourceReader.ReadDirectory(historyDirectory)]);
            (claims, report) = Read(read, rules, ids);
        }
        report.ReadSeconds = clock.Elapsed.TotalSeconds;
        return (model.Score(claims), report);
    }

    private static bool IsScored(Claim claim) => claim.Use is null or ClaimUseCode.Claim && claim.Id is not null;

    /// <summary>The ids of the record's claims read from the claims folder (not the history): the ones to score.</summary>
    private static HashSet<string> ToScore(PatientRecord record, string claimsPrefix) =>
        record.OfType<Claim>().Where(c => IsScored(c) && c.Annotation<FhirResourceOrigin>()?.Source.StartsWith(claimsPrefix, StringComparison.Ordinal) == true)
            .Select(c => c.Id!).ToHashSet(StringComparer.Ordinal);

    internal static (List<ScoringClaim> Claims, ScoringReadReport Report) Read(IReadOnlyList<string> directories, RuleBook rules, HashSet<string>? only)
    {
        // Bulk NDJSON is read patient by patient (see BulkExportByPatient); anything else is read whole, then grouped.
        var clock = Stopwatch.StartNew();
        var (claims, report) = BulkExportByPatient.TryRead(directories, record => FromRecord(record, rules, only), out var perPatient, out var resources, out var skipped)
            ? Report(perPatient, resources, skipped)
            : Read(FhirReadResult.Combine(directories.Select(FhirResourceReader.ReadDirectory)), rules, only);
        report.ReadSeconds = clock.Elapsed.TotalSeconds;
        return (claims, report);
    }

    internal static (List<ScoringClaim> Claims, ScoringReadReport Report) Read(FhirReadResult read, RuleBook rules, HashSet<string>? only)
    {
        // Patients are independent (contexts, scrubbing with the submission-day clock, features): one per core, in order.
        var perPatient = PatientRecordGrouper.Group(read.Resources).AsParallel().AsOrdered().Select(record => FromRecord(record, rules, only)).ToList();
        return Report(perPatient, read.Resources.Count, read.SkippedIssues.Count());
    }

    private static (List<ScoringClaim> Claims, int EobsWithoutClaim) FromRecord(PatientRecord record, RuleBook rules, HashSet<string>? only) => only is { Count: 0 } ? ([], 0) : (
        ScoringClaimFactory.FromRecord(record, rules, only).ToList(),
        record.OfType<ExplanationOfBenefit>().Count(e => e.Claim?.Reference is not { Length: > 0 } || record.Resolve(e.Claim, e) is null));

    private static (List<ScoringClaim> Claims, ScoringReadReport Report) Report(List<(List<ScoringClaim> Claims, int EobsWithoutClaim)> perPatient, int resources, int skipped)
    {
        var claims = perPatient.SelectMany(p => p.Claims).ToList();
        var report = new ScoringReadReport
        {
            Resources = resources,
            SkippedResources = skipped,
            EobsWithoutClaim = perPatient.Sum(p => p.EobsWithoutClaim),
            Claims = claims.Count,
            PayerOfClaim = claims.ToDictionary(c => c.ClaimId, c => c.PayerName, StringComparer.Ordinal),
            Labelled = claims.Count(c => c.Label is not null),
            Denied = claims.Count(c => c.Label?.Denied == true),
        };
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

    /// <summary>Seconds from the folders to the claims: reading, parsing, claim contexts, scrubbing, labels and features.</summary>
    public double ReadSeconds { get; set; }

    /// <summary>Claim id → payer name, for per-payer reports.</summary>
    public IReadOnlyDictionary<string, string> PayerOfClaim { get; set; } = new Dictionary<string, string>();
}
