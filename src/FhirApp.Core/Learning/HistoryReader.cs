using FhirApp.Core.Claims;
using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Denials;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Learned;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Learning;

/// <summary>
/// Reads a practice's adjudicated history (the folders `fhirapp train --history` reads) into <see cref="MinedClaim"/>s,
/// with the project's own readers: Bulk NDJSON patient by patient when it can (<see cref="BulkExportByPatient"/>), else
/// the whole export grouped by patient; one <see cref="ClaimContext"/> per claim; the standing decision by
/// <see cref="LatestAdjudication"/>; denied lines, reasons and their categories by the <see cref="DenialDetector"/> over
/// the CARC / RARC table. Bad input costs only itself and is counted: claims without an outcome, EOBs without their
/// claim, superseded adjudications, claims without a date of service or payer, lines with unknown codes, reasons the
/// table does not list. With the shipped rule content, each claim is also scrubbed as of its submission day, so the
/// miner can tell which shipped holds a payer does not enforce.
/// </summary>
internal static class HistoryReader
{
    public static HistoryRead Read(IReadOnlyList<string> directories, DenialCauseTable causes, RuleBook? shipped = null, int maxCalibrationClaims = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(directories);
        var detector = new DenialDetector(causes, shipped?.Directory);
        var rate = shipped is null ? 0 : Math.Min(1, maxCalibrationClaims / (double)Math.Max(1, EstimateClaims(directories)));
        List<PatientPart> parts;
        int resources, unreadable;
        if (!BulkExportByPatient.TryRead(directories, record => FromRecord(record, detector, causes, shipped, rate), out parts, out resources, out unreadable))
        {
            var read = FhirReadResult.Combine(directories.Select(FhirResourceReader.ReadDirectory));
            return Read(read.Resources, causes, shipped, read.SkippedIssues.Count(), maxCalibrationClaims);
        }

        return Summarize(parts, resources, unreadable);
    }

    /// <summary>Mines resources already read (a whole export, grouped here by patient).</summary>
    public static HistoryRead Read(IReadOnlyList<Resource> resources, DenialCauseTable causes, RuleBook? shipped = null, int unreadable = 0, int maxCalibrationClaims = int.MaxValue)
    {
        var detector = new DenialDetector(causes, shipped?.Directory);
        var rate = Math.Min(1, maxCalibrationClaims / (double)Math.Max(1, resources.Count(r => r is Claim)));
        var parts = PatientRecordGrouper.Group(resources).AsParallel().AsOrdered().Select(record => FromRecord(record, detector, causes, shipped, rate)).ToList();
        return Summarize(parts, resources.Count, unreadable);
    }

    private static HistoryRead Summarize(List<PatientPart> parts, int resources, int unreadable)
    {
        var claims = parts.SelectMany(p => p.Claims).ToList();
        var summary = new LearnedHistorySummary
        {
            Resources = resources,
            UnreadableResources = unreadable,
            Claims = parts.Sum(p => p.Claims.Count + p.WithoutOutcome + p.WithoutDateOrPayer),
            Adjudicated = claims.Count,
            Denied = claims.Count(c => c.Claim.Denied),
            WithoutOutcome = parts.Sum(p => p.WithoutOutcome),
            EobsWithoutClaim = parts.Sum(p => p.EobsWithoutClaim),
            SupersededAdjudications = parts.Sum(p => p.Superseded),
            WithoutServiceDateOrPayer = parts.Sum(p => p.WithoutDateOrPayer),
            UnknownCodeLines = parts.Sum(p => p.UnknownCodeLines),
            UnknownReasonCodes = parts.Sum(p => p.UnknownReasons),
            FirstService = claims.Count == 0 ? null : claims.Min(c => c.Features.ServiceDate),
            LastService = claims.Count == 0 ? null : claims.Max(c => c.Features.ServiceDate),
        };
        return new HistoryRead(claims, summary);
    }

    /// <summary>One patient's claims, mined; a patient whose record cannot be read costs only its own claims (counted as without outcome).</summary>
    private static PatientPart FromRecord(PatientRecord record, DenialDetector detector, DenialCauseTable causes, RuleBook? shipped, double calibrationRate)
    {
        var part = new PatientPart();
        IReadOnlyList<ClaimContext> contexts;
        try
        {
            contexts = new ClaimContextBuilder().Build(record);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException or NullReferenceException)
        {
            part.WithoutOutcome += record.OfType<Claim>().Count(c => c.Use is null or ClaimUseCode.Claim);
            return part;
        }

        // Each claim's lines and each auth, read once: the features of every claim look back at the patient's earlier ones.
        var memo = new RecordMemo(record);
        foreach (var context in contexts)
        {
            if (context.Claim is null)
            {
                part.EobsWithoutClaim += context.ExplanationsOfBenefit.Count;
                continue;
            }

            try
            {
                Mine(context, memo, detector, causes, shipped?.Directory, InSample(context.Claim.Id, calibrationRate) ? shipped : null, part);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException or NullReferenceException)
            {
                part.WithoutOutcome++; // a claim too broken to read is one without a usable outcome
            }
        }

        LinkEligibilityDenials(part.Claims);
        return part;
    }

    private static void Mine(ClaimContext context, RecordMemo memo, DenialDetector detector, DenialCauseTable causes, PayerDirectory? payers, RuleBook? shipped, PatientPart part)
    {
        if (ClaimFeatureReader.Read(context, memo, payers) is not { } features)
        {
            part.WithoutDateOrPayer++;
            return;
        }

        // An EOB and a ClaimResponse for one decision is the normal pair; a second EOB or ClaimResponse is a later version.
        part.Superseded += Math.Max(0, context.ExplanationsOfBenefit.Count - 1) + Math.Max(0, context.ClaimResponses.Count - 1);
        if (Decide(context, features, detector, out var unknownReasons) is not { } mined)
        {
            part.WithoutOutcome++;
            return;
        }

        part.UnknownCodeLines += features.UnknownCodeLines;
        part.UnknownReasons += unknownReasons.Count(d => !causes.Lists(d));
        part.Claims.Add(mined with { ShippedHolds = shipped is null ? [] : ShippedHolds(context, features.Submitted, shipped) });
    }

    /// <summary>
    /// The claim's standing decision on the claim and on each line, or null when it has none: what the miner counts, for
    /// the miner here and for the risk model's out-of-fold rule books. <paramref name="carcs"/> lists the denying CARCs.
    /// </summary>
    internal static MinedClaim? Decide(ClaimContext context, ClaimFeatures features, DenialDetector detector, out List<string> carcs)
    {
        carcs = [];
        if (LatestAdjudication.Select(context.ExplanationsOfBenefit, context.ClaimResponses) is not { } decision)
        {
            return null;
        }

        var denials = detector.Detect(decision.Resource)?.Denials.Where(d => d.Kind is DenialKind.Denial or DenialKind.Rejection).ToList() ?? [];
        carcs = [.. denials.Select(d => d.Carc).OfType<string>()];
        var header = denials.Find(d => d.Line == 0);
        var lines = features.Lines.Select(line => denials.Find(d => d.Line == line.Sequence) ?? header).Select(OutcomeOf).ToList();
        var first = lines.FirstOrDefault(o => o.Denied);
        return new MinedClaim
        {
            Features = features,
            Adjudicated = decision.Summary.Date ?? features.Submitted,
            Lines = lines,
            Claim = first.Denied ? first : header is not null || ClaimOutcomes.IsDenial(decision.Summary.Outcome) ? OutcomeOf(header ?? denials.FirstOrDefault()) with { Denied = true } : Outcome.Paid,
        };
    }

    /// <summary>Claims in NDJSON files named for the Claim type (Bulk export's one type per file), counted by lines; 0 when there are none.</summary>
    private static long EstimateClaims(IReadOnlyList<string> directories)
    {
        long lines = 0;
        foreach (var file in directories.Where(Directory.Exists).SelectMany(d => Directory.EnumerateFiles(d, "Claim*.ndjson", SearchOption.AllDirectories)))
        {
            if (Path.GetFileName(file).StartsWith("ClaimResponse", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            try
            {
                using var stream = File.OpenRead(file);
                var buffer = new byte[1 << 16];
                int read;
                while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    lines += buffer.AsSpan(0, read).Count((byte)'\n');
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The reader reports the file; the estimate just misses it.
            }
        }

        return lines;
    }

    /// <summary>Whether a claim is in the calibration sample: a stable hash of its id (FNV-1a) under the rate.</summary>
    private static bool InSample(string? claimId, double rate)
    {
        if (rate >= 1)
        {
            return true;
        }

        var hash = 2166136261u;
        foreach (var ch in claimId ?? "")
        {
            hash = (hash ^ ch) * 16777619u;
        }

        return hash / (double)uint.MaxValue < rate;
    }

    /// <summary>The shipped rules that would have held the claim on its submission day.</summary>
    private static List<string> ShippedHolds(ClaimContext context, DateOnly submitted, RuleBook shipped) =>
        [.. new ClaimScrubber(shipped, ScrubRules.All, new DayClock(submitted)).Scrub(context).Findings
            .Where(f => f.Severity == FindingSeverity.Hold).Select(f => f.RuleId).Distinct(StringComparer.Ordinal)];

    private static Outcome OutcomeOf(DetectedDenial? denial) =>
        denial is null ? Outcome.Paid : new Outcome(true, denial.Label, denial.Rarcs.Count > 0 ? denial.Rarcs[0] : null, denial.Cause.Category);

    /// <summary>For each claim, the eligibility denials its coverage drew (adjudicated) before it was submitted.</summary>
    internal static void LinkEligibilityDenials(List<MinedClaim> claims)
    {
        var byCoverage = claims.Where(c => c.Features.CoverageKey is not null && c.Claim.Category == DenialCategory.Eligibility)
            .GroupBy(c => c.Features.CoverageKey!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var claim in claims)
        {
            if (claim.Features.CoverageKey is { } key && byCoverage.TryGetValue(key, out var denied))
            {
                claim.EarlierEligibilityDenials = [.. denied.Where(d => !ReferenceEquals(d, claim) && d.Adjudicated < claim.Features.Submitted)
                    .Select(d => d.Claim.Reason).OfType<string>().Distinct(StringComparer.Ordinal)];
            }
        }
    }

    private sealed class DayClock(DateOnly day) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
    }

    private sealed class PatientPart
    {
        public List<MinedClaim> Claims { get; } = [];

        public int WithoutOutcome { get; set; }

        public int WithoutDateOrPayer { get; set; }

        public int EobsWithoutClaim { get; set; }

        public int Superseded { get; set; }

        public int UnknownCodeLines { get; set; }

        public int UnknownReasons { get; set; }
    }
}
