using FhirApp.Web.Access;
using FhirApp.Web.Smart;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace FhirApp.Web.Components.Common;

/// <summary>Base for pages under /l/{LaunchId}: resolves the launch for this browser session (403 otherwise).</summary>
public abstract class LaunchSessionPage : ComponentBase
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

    protected LaunchContext? Launch { get; private set; }

    protected bool Forbidden { get; private set; }

    /// <summary>
    /// Set when the launch has ended (with <see cref="Forbidden"/>): what the EHR said, possibly nothing. The page offers a
    /// new launch and shows nothing else.
    /// </summary>
    protected IReadOnlyList<string>? LaunchEnded { get; private set; }

    /// <summary>The practice-wide view this launch may not see (the page shows why instead of its data); null otherwise.</summary>
    protected PracticeView? Refused { get; private set; }

    protected override async Task OnParametersSetAsync()
    {
        // In-circuit navigation reuses the component: nothing from the previous launch may linger.
        (Launch, Forbidden, Refused, LaunchEnded) = (null, false, null, null);
        ResetState();
        var user = AuthState is null ? null : (await AuthState).User;
        Launch = await Launches.GetAsync(LaunchId, user?.FindFirst(SmartAuthentication.SessionClaim)?.Value, CancellationToken.None);
        if (Launch is null)
        {
            Deny();
            return;
        }
        if (Launch.Ended)
        {
            // Nothing of an ended launch is rendered again: only the way back to the EHR.
            (LaunchEnded, Launch, Forbidden) = (Launch.EndedDetails, null, true);
            SetStatus(StatusCodes.Status401Unauthorized);
            return;
        }
        await OnLaunchResolvedAsync();
    }

    /// <summary>Clears what the page loaded for an earlier launch.</summary>
    protected virtual void ResetState()
    {
    }

    /// <summary>Runs once the launch belongs to this session.</summary>
    protected virtual Task OnLaunchResolvedAsync() => Task.CompletedTask;

    protected void Deny()
    {
        Forbidden = true;
        if (HttpContext is { Response.HasStarted: false })
        {
            HttpContext.Response.StatusCode = StatusCodes.Status403Forbidden;
        }
    }

    /// <summary>
    /// True when this launch may see the practice-wide view (see <see cref="LaunchAccess"/>); otherwise the page answers
    /// 403 and shows why, and must not load the view's data.
    /// </summary>
    protected bool Allow(PracticeView view)
    {
        if (LaunchAccess.MaySee(Launch!, view))
        {
            return true;
        }
        Refused = view;
        SetStatus(StatusCodes.Status403Forbidden);
        return false;
    }

    protected void SetStatus(int status)
    {
        if (HttpContext is { Response.HasStarted: false })
        {
            HttpContext.Response.StatusCode = status;
        }
    }
}
