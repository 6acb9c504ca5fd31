using FhirApp.Core.Claims;
using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Denials;
using FhirApp.Core.Documentation;

namespace FhirApp.Core.Appeals;

/// <summary>
/// The appeal quality bar over a whole practice: every denied line of every adjudicated claim is decided and, where it
/// is contested, packeted, each on the day after its denial (or on a fixed day). Measured: per mechanism, the share of
/// contested lines whose packet is complete (every required criterion quoted, or asked of the clinician), the decisions
/// made, letters written, hollow letters (a contested line without an argument) and unbacked sentences. A claim that
/// cannot be read or built fails alone, counted with its reason. Reads any folder of FHIR (Bulk NDJSON patient by
/// patient, or Bundles), so it runs on any simulated or real practice.
/// </summary>
public static class AppealQuality
{
    /// <param name="serviceFor">The appeal service whose clock reads the given day.</param>
    /// <param name="today">A fixed day for every claim; null: the day after each claim's denial.</param>
    public static AppealQualityReport Measure(IReadOnlyList<string> directories, Func<DateOnly, AppealService> serviceFor, DateOnly? today = null)
    {
        ArgumentNullException.ThrowIfNull(directories);
        ArgumentNullException.ThrowIfNull(serviceFor);
        var report = new AppealQualityReport();
        List<PatientResult> perPatient;
        if (!BulkExportByPatient.TryRead(directories, record => Patient(record, serviceFor, today), out perPatient, out _, out _))
        {
            var read = FhirReadResult.Combine(directories.Select(FhirResourceReader.ReadDirectory));
            perPatient = PatientRecordGrouper.Group(read.Resources).AsParallel().AsOrdered().Select(record => Patient(record, serviceFor, today)).ToList();
        }

        foreach (var patient in perPatient)
        {
            foreach (var claim in patient.Claims)
            {
                report.Add(claim);
            }

            foreach (var failure in patient.Failures)
            {
                report.Fail(failure);
            }
        }

        return report;
    }

    /// <summary>One packet's contribution: its decisions, and whether each contested line is complete and argued.</summary>
    public static ClaimQuality Assess(AppealPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        var lines = new List<LineQuality>();
        var hollow = false;
        foreach (var decision in packet.Decisions.Where(d => d.Evidence is not null || d.Mechanism is not (AppealMechanism.Coding or AppealMechanism.MissingInformation or AppealMechanism.Other)))
        {
            var worked = decision.Action is DenialRoute.Appeal or DenialRoute.RetroAuthorization or DenialRoute.AskClinician;
            var complete = worked && decision.Evidence is { } evidence && Sets(decision, evidence)
                .SelectMany(s => s.Criteria)
                .All(c => c.Satisfied || decision.ToAsk.Any(a => a.Id == c.Criterion.Id));
            if (decision.Contested && packet.Letter is { } letter && letter.Arguments.FirstOrDefault(a => a.Line == decision.Line) is not { Points.Count: > 0 })
            {
                hollow = true;
            }

            lines.Add(new LineQuality(decision.Mechanism, decision.Action, worked, complete));
        }

        return new ClaimQuality(lines, packet.Letter is not null, hollow, packet.Unbacked.Count);
    }

    private static IEnumerable<CriterionSetResult> Sets(LineDecision decision, LineEvidence evidence) =>
        decision.Action == DenialRoute.RetroAuthorization && evidence.Supporting is { } necessity ? [necessity] : evidence.Sets;

    private static PatientResult Patient(PatientRecord record, Func<DateOnly, AppealService> serviceFor, DateOnly? today)
    {
        var result = new PatientResult();
        IReadOnlyList<ClaimContext> contexts;
        try
        {
            contexts = new ClaimContextBuilder().Build(record).Where(c => c.Claim is not null).ToList();
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or NullReferenceException)
        {
            result.Failures.Add($"{record.Resources.Count} resources of one patient: {ex.Message}");
            return result;
        }

        foreach (var context in contexts)
        {
            try
            {
                var detail = ClaimDisplayMapper.ToDetail(context);
                if (detail.Adjudications.Count == 0 || !detail.Lines.Any(l => l.Adjudication?.Denied == true) && detail.Adjudications[0].FhirOutcome != "error")
                {
                    continue;
                }

                var day = today ?? (detail.Adjudications[0].Date is { } decided ? decided.AddDays(1) : DateOnly.FromDateTime(DateTime.UnixEpoch));
                var packet = serviceFor(day).Build(context);
                result.Claims.Add(Assess(packet));
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or NullReferenceException or KeyNotFoundException)
            {
                result.Failures.Add($"{context.Key}: {ex.Message}");
            }
        }

        return result;
    }

    private sealed class PatientResult
    {
        public List<ClaimQuality> Claims { get; } = [];

        public List<string> Failures { get; } = [];
    }
}
