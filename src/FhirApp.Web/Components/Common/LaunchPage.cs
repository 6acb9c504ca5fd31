using FhirApp.Core.Scrubbing;
using FhirApp.Web.Claims;
using FhirApp.Web.Smart;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace FhirApp.Web.Components.Common;

/// <summary>
/// Base for pages under /l/{LaunchId}: resolves the launch for this browser session (403 otherwise) and loads the
/// patient's claims through the cached service.
/// </summary>
public abstract class LaunchPage : ComponentBase
{
    [Parameter]
    public string LaunchId { get; set; } = "";

    [CascadingParameter]
    private Task<AuthenticationState>? AuthState { get; set; }

    // Present only while prerendering over HTTP: lets the page answer with a real status code.
    [CascadingParameter]
    private HttpContext? HttpContext { get; set; }

    [Inject]
    private LaunchStore Launches { get; set; } = default!;

    [Inject]
    protected PatientClaimsService ClaimsService { get; set; } = default!;

    [Inject]
    protected FindingDecisions FindingDecisions { get; set; } = default!;

    /// <summary>Overrides and rule switches of this practice for the claims on screen.</summary>
    protected DecisionSet Decisions { get; private set; } = DecisionSet.None;

    protected LaunchContext? Launch { get; private set; }

    protected PatientClaimsView? View { get; private set; }

    protected bool Forbidden { get; private set; }

    protected bool Loading => (ReadsClaims ? View is null : Launch is null) && !Forbidden;

    /// <summary>False for pages that show only stored app data (denials): they skip reading the EHR's claims.</summary>
    protected virtual bool ReadsClaims => true;

    protected override async Task OnParametersSetAsync()
    {
        // In-circuit navigation reuses the component: nothing from the previous launch or claim may linger.
        (Launch, View, Forbidden, Decisions) = (null, null, false, DecisionSet.None);
        var user = AuthState is null ? null : (await AuthState).User;
        Launch = await Launches.GetAsync(LaunchId, user?.FindFirst(SmartAuthentication.SessionClaim)?.Value, CancellationToken.None);
        if (Launch is null)
        {
            Deny();
            return;
        }
        if (ReadsClaims)
        {
            View = await ClaimsService.GetAsync(Launch, refresh: false, CancellationToken.None);
            await LoadDecisionsAsync();
        }

        await OnViewLoadedAsync();
    }

    protected async Task LoadDecisionsAsync() =>
        Decisions = View is null ? DecisionSet.None : await FindingDecisions.LoadAsync(Launch!.Registration.Id, [.. View.Scrubbed.Keys], CancellationToken.None);

    /// <summary>Who is deciding, as the EHR named them.</summary>
    protected string CurrentUser => Launch?.FhirUser?.ToString() ?? "unknown EHR user";

    protected virtual Task OnViewLoadedAsync() => Task.CompletedTask;

    protected void Deny()
    {
        Forbidden = true;
        if (HttpContext is { Response.HasStarted: false })
        {
            HttpContext.Response.StatusCode = StatusCodes.Status403Forbidden;
        }
    }

    protected void SetStatus(int status)
    {
        if (HttpContext is { Response.HasStarted: false })
        {
            HttpContext.Response.StatusCode = status;
        }
    }

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
