using FhirApp.Core.Appeals;
using FhirApp.Core.Audit;
using FhirApp.Web.Claims;
using FhirApp.Web.Smart;

namespace FhirApp.Web.Appeals;

/// <summary>
/// The launch side of the appeal workflow (<see cref="AppealWorkflow"/>, in Core): finds the claims a launch may work
/// among those its EHR shared, and hands them over with the launch's denial scope. Decisions and letters are Core's.
/// </summary>
public sealed class AppealPackets(AppealWorkflow workflow, PatientClaimsService claims)
{
    /// <summary>
    /// The queue's bulk "Build appeal packets": each selected claim the launch may see is decided line by line, and an
    /// appeal is drafted only where the decision is to contest. A claim the launch may not see is refused like a missing one.
    /// </summary>
    public async Task<IReadOnlyList<BulkAppealResult>> DraftAllAsync(LaunchContext launch, IReadOnlyCollection<string> claimIds, AuditActor user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var view = await claims.GetAsync(launch, refresh: false, ct);
        var selected = new List<(string, Core.Claims.ClaimContext?)>();
        foreach (var claimId in claimIds.Distinct(StringComparer.Ordinal))
        {
            // The same launch-context check as the claim's page: a patient launch reaches its own patient's claims only.
            var allowed = view.Contexts.TryGetValue(claimId, out var context) && (await claims.GetClaimAsync(launch, view, claimId, ct)).Access == ClaimAccess.Allowed;
            selected.Add((claimId, allowed ? context : null));
        }

        return await workflow.DraftAllAsync(launch.Denials, selected, user, ct);
    }
}
