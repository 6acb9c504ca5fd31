using System.Diagnostics;
using FhirApp.Core.Claims;
using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Scrubbing;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace FhirApp.Cli.Scrub;

/// <summary>
/// Reads a folder of FHIR JSON / NDJSON, groups it by patient, builds one context per claim and (unless parse-only)
/// scrubs each one. Shared by `fhirapp scrub` and `fhirapp bench scrub`, so the benchmark measures what users run.
/// Nothing in one resource or claim can stop the batch: every failure is counted in the <see cref="BatchReport"/>.
/// </summary>
internal static class ClaimBatch
{
    // Stateless after construction (its indexes are per call), so one serves every thread.
    private static readonly ClaimContextBuilder Builder = new();

    /// <param name="directory">The claims to scrub.</param>
    /// <param name="scrubber">The scrubber; null reads and builds contexts only.</param>
    /// <param name="onResult">Called with each claim's result.</param>
    /// <param name="progress">Progress display, or null.</param>
    /// <param name="contextDirectory">
    /// Optional adjudicated history: its resources join the patients' records (earlier claims, their EOBs, auths) but its
    /// claims are not scrubbed or counted.
    /// </param>
    public static BatchReport Run(string directory, ClaimScrubber? scrubber, Action<ScrubResult>? onResult, IBatchProgress? progress, string? contextDirectory = null)
    {
        return Streamed(directory, scrubber, onResult, progress, contextDirectory) ?? Whole(directory, scrubber, onResult, progress, contextDirectory);
    }

    /// <summary>
    /// Bulk NDJSON, one patient at a time on every core (<see cref="BulkExportByPatient"/>): memory follows the export's
    /// bytes and one patient's objects per core, not every resource at once. Null when the export is not plain Bulk NDJSON.
    /// The findings come back in the same order as <see cref="Whole"/> gives them.
    /// </summary>
    private static BatchReport? Streamed(string directory, ClaimScrubber? scrubber, Action<ScrubResult>? onResult, IBatchProgress? progress, string? contextDirectory)
    {
        var prefix = Path.TrimEndingDirectorySeparator(directory) + Path.DirectorySeparatorChar;
        // With a history folder, only the claims read from the claims folder are scrubbed; the history's are context.
        bool Mine(Claim? claim) => contextDirectory is null || claim?.Annotation<FhirResourceOrigin>()?.Source.StartsWith(prefix, StringComparison.Ordinal) == true;
        string[] directories = contextDirectory is null ? [directory] : [directory, contextDirectory];
        if (!BulkExportByPatient.TryReadWithIssues(directories, record => Patient(record, scrubber, Mine), out var patients, out var resources, out var issues))
        {
            return null;
        }

        var report = new BatchReport
        {
            Files = FhirApp.Core.Claims.Sources.FhirFolderFiles.Enumerate(directory).Count(),
            Resources = resources,
            LenientResources = issues.Count(i => !i.Skipped),
        };
        report.SkippedResources.AddRange(issues.Where(i => i.Skipped));
        var claimsTotal = patients.Sum(p => p.Part?.Claims ?? 0);
        foreach (var (part, results) in patients.Where(p => p.Part is not null))
        {
            report.Patients++;
            report.Claims += part!.Claims;
            report.EobOnly += part.EobOnly;
            report.Scrubbed += part.Scrubbed;
            report.Findings += part.Findings;
            report.ClaimErrors.AddRange(part.ClaimErrors);
            report.DanglingReferences.AddRange(part.DanglingReferences);
            report.ScrubTime += part.ScrubTime;
            foreach (var (severity, count) in part.BySeverity)
            {
                report.BySeverity[severity] = report.BySeverity.GetValueOrDefault(severity) + count;
            }

            foreach (var (category, count) in part.ByCategory)
            {
                report.ByCategory[category] = report.ByCategory.GetValueOrDefault(category) + count;
            }

            foreach (var result in results)
            {
                onResult?.Invoke(result);
            }

            progress?.Scrubbed(report.Claims, claimsTotal);
        }

        return report;
    }

    /// <summary>
    /// One patient's share of a streamed batch, built on a worker thread and merged in order: its counts (no part
    /// when the patient has no claim to scrub) and its results.
    /// </summary>
    private static (BatchReport? Part, List<ScrubResult> Results) Patient(PatientRecord record, ClaimScrubber? scrubber, Func<Claim?, bool> mine)
    {
        // Without a history folder every patient counts (as in Whole); with one, only patients with a claim to scrub.
        if (!mine(null) && !record.OfType<Claim>().Any(mine))
        {
            return (null, []);
        }

        var part = new BatchReport();
        var results = new List<ScrubResult>();
        ScrubRecord(record, scrubber, part, mine, results.Add, null, 0);
        return (part, results);
    }

    private static BatchReport Whole(string directory, ClaimScrubber? scrubber, Action<ScrubResult>? onResult, IBatchProgress? progress, string? contextDirectory)
    {
        var report = new BatchReport();
        var read = ReadFolder(directory, report, progress);
        var claimsTotal = read.Resources.Count(r => r is Claim { Use: null or ClaimUseCode.Claim });
        HashSet<string>? scrubbed = null;
        if (contextDirectory is not null)
        {
            // Only the claims of the claims folder are scrubbed; the history's are context.
            scrubbed = read.Resources.OfType<Claim>().Select(c => c.Id).OfType<string>().ToHashSet(StringComparer.Ordinal);
            read = FhirReadResult.Combine([read, FhirResourceReader.ReadDirectory(contextDirectory)]);
        }

        foreach (var record in PatientRecordGrouper.Group(read.Resources))
        {
            if (scrubbed is not null && !record.OfType<Claim>().Any(c => c.Id is { } id && scrubbed.Contains(id)))
            {
                continue;
            }

            report.Patients++;
            ScrubRecord(record, scrubber, report, c => scrubbed is null || (c?.Id is { } id && scrubbed.Contains(id)), onResult, progress, claimsTotal);
        }

        return report;
    }

    /// <summary>Builds one patient's claim contexts and scrubs the claims <paramref name="isScrubbed"/> accepts, counting into <paramref name="report"/>.</summary>
    private static void ScrubRecord(PatientRecord record, ClaimScrubber? scrubber, BatchReport report, Func<Claim?, bool> isScrubbed, Action<ScrubResult>? onResult, IBatchProgress? progress, int claimsTotal)
    {
        IReadOnlyList<ClaimContext> contexts;
        try
        {
            contexts = Builder.Build(record);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The whole patient is lost only if the index itself fails; name every claim so none goes missing silently.
            foreach (var claim in record.OfType<Claim>().Where(c => c.Use is null or ClaimUseCode.Claim && isScrubbed(c)))
            {
                report.Claims++;
                report.ClaimErrors.Add((claim.Id ?? "(no id)", $"Could not build the claim context: {ex.GetType().Name}."));
            }

            return;
        }

        foreach (var context in contexts)
        {
            if (!isScrubbed(context.Claim))
            {
                continue;
            }

            if (context.Claim is null)
            {
                report.EobOnly++;
                continue;
            }

            report.Claims++;
            CheckReferences(context, report);
            if (scrubber is null)
            {
                continue;
            }

            ScrubResult result;
            var started = Stopwatch.GetTimestamp();
            try
            {
                result = scrubber.Scrub(context);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // ClaimScrubber reports the failures it expects; a rule throwing anything else still costs one claim only.
                result = new ScrubResult(context.Claim.Id ?? context.Key, [], $"Could not be scrubbed: {ex.GetType().Name}.");
            }

            report.ScrubTime += Stopwatch.GetElapsedTime(started);
            report.Count(result);
            onResult?.Invoke(result);
            progress?.Scrubbed(report.Claims, claimsTotal);
        }
    }

    private static FhirReadResult ReadFolder(string directory, BatchReport report, IBatchProgress? progress)
    {
        // File by file (as FhirResourceReader.ReadDirectory does) so that the progress bar can move while reading.
        var files = FhirApp.Core.Claims.Sources.FhirFolderFiles.Enumerate(directory).ToList();
        files.Sort(StringComparer.Ordinal);
        var total = files.Sum(f => new FileInfo(f).Length);
        long done = 0;
        var results = new List<FhirReadResult>(files.Count);
        foreach (var file in files)
        {
            var result = FhirResourceReader.ReadFile(file);
            results.Add(result);
            done += new FileInfo(file).Length;
            progress?.Read(done, total);
        }

        var read = FhirReadResult.Combine(results);
        report.Files = files.Count;
        report.Resources = read.Resources.Count;
        report.SkippedResources.AddRange(read.SkippedIssues);
        report.LenientResources = read.Issues.Count(i => !i.Skipped);
        return read;
    }

    /// <summary>References the claim cannot do without, that point at nothing in the export.</summary>
    private static void CheckReferences(ClaimContext context, BatchReport report)
    {
        var claim = context.Claim!;
        var id = claim.Id ?? context.Key;
        void Check(ResourceReference? reference, bool resolved)
        {
            if (reference?.Reference is { Length: > 0 } literal && !resolved)
            {
                report.DanglingReferences.Add((id, literal));
            }
        }

        Check(claim.Patient, context.Patient is not null);
        Check(claim.Insurer, context.Payer is not null);
        Check(claim.Provider, context.BillingProvider is not null);
        foreach (var insurance in claim.Insurance)
        {
            Check(insurance.Coverage, context.Record.Resolve(insurance.Coverage, claim) is not null);
        }

        foreach (var member in claim.CareTeam)
        {
            Check(member.Provider, context.Record.Resolve(member.Provider, claim) is not null);
        }
    }
}
