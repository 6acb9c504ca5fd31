using FhirApp.Core.Audit;
using System.Net;
using FhirApp.Core.Claims;
using FhirApp.Core.Learning;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Corrections;
using FhirApp.Web.Fhir;
using FhirApp.Web.Operations;
using FhirApp.Web.Scoring;
using FhirApp.Web.Smart;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;

namespace FhirApp.Web.Claims;

/// <summary>
/// The claims screens' one service: loads the launch patient's record from the EHR, maps it for display, and keeps the
/// result for a short while per launch, so the prerender and the interactive render share one load.
/// </summary>
public sealed class PatientClaimsService(
    EhrPatientReader reader, ClaimViewMapper mapper, FindingSnapshots snapshots, LaunchDataCache cache, AuditTrail audit,
    TimeProvider clock, ILogger<PatientClaimsService> logger)
{
    /// <summary>
    /// The launch's record (cached or fresh). Every call is an audited read of it (coalesced by the trail): a cached
    /// record is still shown to the user.
    /// </summary>
    public async Task<PatientClaimsView> GetAsync(LaunchContext launch, bool refresh, CancellationToken ct)
    {
        var view = await GetUnauditedAsync(launch, refresh, ct);
        var outcome = view.Failure is null ? AuditOutcome.Success : view.Failure.Kind == LoadFailureKind.Refused ? AuditOutcome.Denied : AuditOutcome.Failed;
        // A patient launch reads its patient's record; a practice launch searches the claims its user may see.
        await audit.RecordAsync(launch.Practice, launch.Actor,
            new AuditRecord(AuditAction.Read, launch.PatientReference ?? "Claim", "view-claims", launch.PatientReference, outcome), ct);
        return view;
    }

    private async Task<PatientClaimsView> GetUnauditedAsync(LaunchContext launch, bool refresh, CancellationToken ct)
    {
        var cached = cache.Fresh<PatientClaimsView>(launch.LaunchId);
        if (!refresh && cached is not null)
        {
            return cached;
        }
        var view = await LoadAsync(launch, ct);
        if (view.Failure is null)
        {
            view = view with { LoadedAt = clock.GetUtcNow() };
            cache.Keep(launch.LaunchId, view);
            return view;
        }
        if (view.Failure.Kind is LoadFailureKind.RelaunchRequired or LoadFailureKind.Refused)
        {
            // Refused means gone: nothing read earlier in this launch is shown again.
            cache.Drop(launch.LaunchId);
            return view;
        }
        // The EHR is unreachable or unreadable right now: keep showing what was already read, and say so (the page
        // names the time it was loaded).
        var lastGood = cached ?? cache.LastGood<PatientClaimsView>(launch.LaunchId);
        return lastGood is not null ? lastGood with { Failure = view.Failure, Stale = true } : view;
    }

    public const string RelaunchMessage = "Your session with the EHR has ended. Launch FhirApp again from the patient's chart or the billing worklist.";

    /// <summary>Drops the launch's fresh record: the next read sees what the app just wrote to the EHR.</summary>
    public void Forget(LaunchContext launch) => cache.Expire(launch.LaunchId);

    /// <summary>
    /// Launch-context enforcement for a claim URL. A patient launch sees only its patient's claims; a practice launch
    /// sees what its user/ scopes allow, as the EHR applies them to this user. A claim outside what was read is read
    /// directly; one of another patient (or one the EHR refuses) is forbidden.
    /// </summary>
    public async Task<(ClaimAccess Access, ClaimDetail? Detail)> GetClaimAsync(LaunchContext launch, PatientClaimsView view, string claimId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var (access, detail) = await GetClaimUnauditedAsync(launch, view, claimId, ct);
        var outcome = access switch
        {
            ClaimAccess.Allowed or ClaimAccess.NotFound => AuditOutcome.Success,
            ClaimAccess.Forbidden => AuditOutcome.Denied,
            _ => AuditOutcome.Failed,
        };
        var patient = AuditRecord.PatientOf(detail?.Summary.PatientId) ?? launch.PatientReference;
        await audit.RecordAsync(launch.Practice, launch.Actor, new AuditRecord(AuditAction.Read, $"Claim/{claimId}", "view-claim", patient, outcome), ct);
        return (access, detail);
    }

    private async Task<(ClaimAccess Access, ClaimDetail? Detail)> GetClaimUnauditedAsync(LaunchContext launch, PatientClaimsView view, string claimId, CancellationToken ct)
    {
        if (view.Details.TryGetValue(claimId, out var detail))
        {
            return (ClaimAccess.Allowed, detail);
        }
        if (!launch.Allows("Claim", 'r'))
        {
            return (ClaimAccess.Forbidden, null); // no scope reaches claims in this launch's context: not even asked
        }
        try
        {
            var resource = await reader.ReadAsync(launch, "Claim", claimId, ct);
            if (resource is not Claim claim)
            {
                return (ClaimAccess.NotFound, null);
            }
            if (!launch.IsPracticeLaunch && !IsLaunchPatient(claim.Patient?.Reference, launch))
            {
                logger.LogWarning("Launch {LaunchId} asked for a claim outside its patient context", launch.LaunchId);
                return (ClaimAccess.Forbidden, null);
            }
            // The patient's own claim, beyond what the list read: show it with the context it carries.
            var context = new ClaimContextBuilder().Build(PatientRecord.Create([claim]), claimId);
            return context is null ? (ClaimAccess.NotFound, null) : (ClaimAccess.Allowed, ClaimDisplayMapper.ToDetail(context));
        }
        catch (FhirOperationException ex) when (ex.Status == HttpStatusCode.Forbidden)
        {
            cache.Drop(launch.LaunchId); // refused means gone (the bearer handler dropped it too)
            return (ClaimAccess.Forbidden, null);
        }
        catch (Exception ex) when (EhrResilience.IsEhrFailure(ex) || ex is FormatException)
        {
            return (ClaimAccess.Unavailable, null);
        }
    }

    /// <summary>`Patient/{id}` (optionally with _history), or the same on the EHR's own FHIR base, naming the launch patient; nothing else.</summary>
    internal static bool IsLaunchPatient(string? reference, LaunchContext launch) =>
        launch.PatientId is not null && launch.PatientIdOf(reference) == launch.PatientId;

    private async Task<PatientClaimsView> LoadAsync(LaunchContext launch, CancellationToken ct)
    {
        try
        {
            var load = await reader.LoadAsync(launch, ct);
            var view = await mapper.MapAsync(launch, load, ct);
            // What each claim version had when first seen: a denial that arrives later is traced to it (or to the gap).
            await snapshots.RecordAsync(launch.Practice, [.. view.Contexts
                .Where(c => c.Value.Claim is not null && view.Scrubbed.ContainsKey(c.Key))
                .Select(c => (c.Key, FindingSnapshots.VersionOf(c.Value.Claim!), view.Scrubbed[c.Key]))], ct);
            return view;
        }
        catch (RelaunchRequiredException ex)
        {
            return PatientClaimsView.Failed(new LoadFailure(LoadFailureKind.RelaunchRequired, RelaunchMessage) { Details = ex.Answer?.Details ?? [] });
        }
        catch (FhirOperationException ex) when (ex.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return PatientClaimsView.Failed(new LoadFailure(LoadFailureKind.Refused,
                $"The EHR refused access ({(int)ex.Status}). Your account may lack permission to view claims for this patient."));
        }
        catch (Exception ex) when (EhrResilience.IsUnreachable(ex))
        {
            // Includes an open circuit (Polly's BrokenCircuitException) and a timeout after the retries gave up.
            logger.LogWarning("EHR unreachable for launch {LaunchId}: {Error}", launch.LaunchId, ex.GetType().Name);
            return PatientClaimsView.Failed(new LoadFailure(LoadFailureKind.Unreachable,
                "The EHR could not be reached. Check the connection and try again."));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Anything else the EHR sent that could not be used: a clear state on screen, the type (never content) in the log.
            logger.LogWarning("Unreadable EHR response for launch {LaunchId}: {Error}", launch.LaunchId, ex.GetType().Name);
            return PatientClaimsView.Failed(new LoadFailure(LoadFailureKind.Unreadable,
                "The EHR sent a response FhirApp could not read. Nothing was changed; try again or tell your administrator."));
        }
    }
}
