using FhirApp.Core.Claims.Sources.Bulk;
using FhirApp.Core.Scoring;
using FhirApp.Web.Smart;

namespace FhirApp.Web.Jobs.Export;

/// <summary>
/// Before a practice's retraining or rule learning: when no history folder is configured (Scoring:HistoryRoot unset),
/// the practice's own history of the last Jobs:Export:HistoryMonths months is exported from its EHR ($export, where the
/// EHR offers it) into its folder under the export history root, which then serves as Scoring:HistoryRoot. At most once
/// a day; a failure leaves the last exported history in place.
/// </summary>
public sealed class PracticeHistoryExport(
    SmartRegistry registry, EhrCapabilityReader capabilities, BulkExportClients clients, ExportOptions options, ScoringOptions scoring,
    TimeProvider clock, ILogger<PracticeHistoryExport> logger, PracticeHistoryExport.Settings settings)
{
    public static readonly TimeSpan FreshFor = TimeSpan.FromHours(20);

    /// <summary>Whether a history root was configured by hand (then nothing is exported).</summary>
    public sealed record Settings(bool HistoryRootConfigured);

    /// <returns>The history folder written, or null when nothing was exported.</returns>
    public async Task<string?> EnsureAsync(string practice, CancellationToken ct)
    {
        if (settings.HistoryRootConfigured || string.IsNullOrWhiteSpace(scoring.HistoryRoot))
        {
            return null;
        }

        var registration = registry.Registrations.FirstOrDefault(r => r.BackendServices is not null && r.JobsPractice == practice);
        if (registration is null)
        {
            return null;
        }

        var folder = Path.Combine(scoring.HistoryRoot, ScoringOptions.PracticeFolder(practice));
        if (Directory.Exists(folder) && clock.GetUtcNow() - Directory.GetLastWriteTimeUtc(folder) < FreshFor)
        {
            return null;
        }

        var choice = await capabilities.ChooseAsync(registration, ct);
        if (choice.Mode != IntakeMode.BulkExport)
        {
            logger.LogInformation("{Registration} offers no Bulk Data export: its training history needs Scoring:HistoryRoot", registration.Id);
            return null;
        }

        var scopes = registration.BackendServices!.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var types = BulkHistoryExport.HistoryTypes.Where(t => scopes.Any(s => s.StartsWith($"system/{t}.", StringComparison.Ordinal) || s.StartsWith("system/*.", StringComparison.Ordinal))).ToList();
        if (!types.Contains("Claim") || !types.Contains("ExplanationOfBenefit"))
        {
            logger.LogWarning("{Registration}'s backendServices.scopes do not cover Claim and ExplanationOfBenefit: no history export", registration.Id);
            return null;
        }

        var since = clock.GetUtcNow().AddMonths(-options.HistoryMonths);
        var result = await BulkHistoryExport.ExportAsync(clients.Create(registration),
            new BulkExportRequest(registration.BackendServices.ExportGroupId, types, since), folder, ct);
        logger.LogInformation("Exported the history of {Practice}: {Files} files, {Bytes} bytes, {Errors} records the EHR could not export",
            practice, result.Files, result.Bytes, result.Errors);
        return folder;
    }
}
