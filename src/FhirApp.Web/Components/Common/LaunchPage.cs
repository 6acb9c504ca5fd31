using FhirApp.Core.Audit;
using FhirApp.Core.Scrubbing;
using FhirApp.Web.Claims;
using FhirApp.Web.Smart;
using Microsoft.AspNetCore.Components;

namespace FhirApp.Web.Components.Common;

/// <summary>
/// Base for claims pages under /l/{LaunchId}: the launch of this browser session, and the patient's claims through the
/// cached service.
/// </summary>
public abstract class LaunchPage : LaunchSessionPage
{
    [Inject]
    protected PatientClaimsService ClaimsService { get; set; } = default!;

    [Inject]
    protected FindingDecisions FindingDecisions { get; set; } = default!;

    /// <summary>Overrides and rule switches of this practice for the claims on screen.</summary>
    protected DecisionSet Decisions { get; private set; } = DecisionSet.None;

    protected PatientClaimsView? View { get; private set; }

    protected bool Loading => (ReadsClaims ? View is null : Launch is null) && !Forbidden;

    /// <summary>False for pages that show only stored app data (denials): they skip reading the EHR's claims.</summary>
    protected virtual bool ReadsClaims => true;

    /// <summary>True for pages that must see the chart as it is now (an appeal after an addendum): they skip the cache.</summary>
    protected virtual bool ReadsFresh => false;

    protected override void ResetState() => (View, Decisions) = (null, DecisionSet.None);

    protected override async Task OnLaunchResolvedAsync()
    {
        if (ReadsClaims)
        {
            View = await ClaimsService.GetAsync(Launch!, refresh: ReadsFresh, CancellationToken.None);
            await LoadDecisionsAsync();
        }
        await OnViewLoadedAsync();
    }

    protected async Task LoadDecisionsAsync() =>
        Decisions = View is null ? DecisionSet.None : await FindingDecisions.LoadAsync(Launch!.Practice, [.. View.Scrubbed.Keys], CancellationToken.None);

    /// <summary>Who is deciding, in which launch: what the Core services record in the audit trail.</summary>
    protected AuditActor Actor => Launch!.Actor;

    protected virtual Task OnViewLoadedAsync() => Task.CompletedTask;

    protected async Task ReloadAsync()
    {
        if (Launch is not null)
        {
            View = null;
            View = await ClaimsService.GetAsync(Launch, refresh: true, CancellationToken.None);
            await LoadDecisionsAsync();
            await OnViewLoadedAsync();
        }
    }
}
