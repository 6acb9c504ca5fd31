using FhirApp.Core.Audit;
using FhirApp.Core.Claims;
using FhirApp.Core.Scoring;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Corrections;
using FhirApp.Core.Scrubbing.Queue;
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

    [Inject]
    protected CorrectionLog CorrectionLog { get; set; } = default!;

    [Inject]
    protected FhirApp.Web.Scoring.RiskModelProvider RiskModels { get; set; } = default!;

    /// <summary>Overrides, rule switches and accepted fixes of this practice for the claims on screen.</summary>
    protected DecisionSet Decisions { get; private set; } = DecisionSet.None;

    /// <summary>
    /// Each claim's risk as it stands after the practice's decisions: a claim with a finding overridden, fixed or turned
    /// off is scored again on the findings still open (the view's own scores are of the claim as the EHR has it).
    /// </summary>
    protected IReadOnlyDictionary<string, RiskScore> Risks { get; private set; } = new Dictionary<string, RiskScore>();

    protected PatientClaimsView? View { get; private set; }

    protected bool Loading => (ReadsClaims ? View is null : Launch is null) && !Forbidden;

    /// <summary>False for pages that show only stored app data (denials): they skip reading the EHR's claims.</summary>
    protected virtual bool ReadsClaims => true;

    /// <summary>True for pages that must see the chart as it is now (an appeal after an addendum): they skip the cache.</summary>
    protected virtual bool ReadsFresh => false;

    protected override void ResetState() => (View, Decisions, Risks) = (null, DecisionSet.None, new Dictionary<string, RiskScore>());

    protected override async Task OnLaunchResolvedAsync()
    {
        if (ReadsClaims)
        {
            View = await ClaimsService.GetAsync(Launch!, refresh: ReadsFresh, CancellationToken.None);
            await LoadDecisionsAsync();
        }
        await OnViewLoadedAsync();
    }

    protected async Task LoadDecisionsAsync()
    {
        if (View is null)
        {
            (Decisions, Risks) = (DecisionSet.None, new Dictionary<string, RiskScore>());
            return;
        }
        var claimIds = View.Scrubbed.Keys.ToList();
        var decisions = await FindingDecisions.LoadAsync(Launch!.Practice, claimIds, CancellationToken.None);
        var fixes = await CorrectionLog.ForClaimsAsync(Launch.Practice, claimIds, CancellationToken.None);
        Decisions = decisions.WithFixes(fixes.Select(c => (c.ClaimId, c.RuleId, c.LineSequence)));
        Risks = await RescoreAsync(View, Decisions);
    }

    private async Task<IReadOnlyDictionary<string, RiskScore>> RescoreAsync(PatientClaimsView view, DecisionSet decisions)
    {
        var changed = view.Scrubbed.Values
            .Select(r => (Result: r, Open: decisions.Open(r)))
            .Where(x => x.Open.Count != x.Result.Findings.Count && view.Contexts.ContainsKey(x.Result.ClaimId))
            .ToList();
        if (changed.Count == 0)
        {
            return view.Risks;
        }
        var model = await RiskModels.GetAsync(Launch!.Practice, CancellationToken.None);
        var risks = new Dictionary<string, RiskScore>(view.Risks, StringComparer.Ordinal);
        foreach (var (result, open) in changed)
        {
            risks[result.ClaimId] = model.Score(view.Contexts[result.ClaimId], result with { Findings = open });
        }
        return risks;
    }

    /// <summary>A claim's work state after the practice's decisions ("2 holds to fix", "Ready to submit", "Paid").</summary>
    protected ClaimWorkState WorkOf(ClaimSummary claim) => ClaimWorkState.Of(claim, View?.ScrubOf(claim.Id), Decisions);

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
