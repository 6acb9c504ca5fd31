using FhirApp.Core.Audit;
using FhirApp.Core.Eligibility;
using FhirApp.Web.Claims;
using FhirApp.Web.Connections;
using FhirApp.Web.Smart;

namespace FhirApp.Web.Eligibility;

/// <summary>
/// "Check eligibility" on a claim page: for a claim this launch may see (the audited claim check of every claim
/// screen), asks the claim's payer by the practice's route, stores the answer and drops the launch's cached record so
/// the next read scrubs with it. Audited as an execute of the check.
/// </summary>
public sealed class EligibilityChecks(PatientClaimsService claims, EligibilityService eligibility, PracticeConnectionRegistry connections, AuditTrail audit)
{
    public bool IsSetUp(LaunchContext launch) => connections.For(launch?.Registration.Id ?? "").Eligibility is not null;

    public async Task<EligibilityCheckOutcome> CheckAsync(LaunchContext launch, string claimId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(launch);
        if (connections.For(launch.Registration.Id).Eligibility is not { } settings)
        {
            return new EligibilityCheckOutcome(null, "Eligibility checks are not set up for this practice (eligibility in its smart-config file).");
        }

        var view = await claims.GetAsync(launch, refresh: false, ct);
        var (access, _) = await claims.GetClaimAsync(launch, view, claimId, ct);
        if (access != ClaimAccess.Allowed || !view.Contexts.TryGetValue(claimId, out var context))
        {
            return new EligibilityCheckOutcome(null, access == ClaimAccess.Forbidden ? "This launch may not see this claim." : "The claim could not be read from the EHR right now.");
        }

        var (answer, problem) = await eligibility.CheckAsync(launch.Practice, launch.Registration.Id, settings, context, launch.Actor.User, ct);
        await audit.RecordAsync(launch.Practice, launch.Actor, new AuditRecord(AuditAction.Execute, $"Claim/{claimId}", "eligibility-check",
            AuditRecord.PatientOf(context.Patient?.Id) ?? launch.PatientReference, answer is null ? AuditOutcome.Failed : AuditOutcome.Success), ct);
        if (answer is not null)
        {
            claims.Forget(launch); // the next read re-scrubs with the new answer
        }

        return new EligibilityCheckOutcome(answer, problem);
    }

    /// <summary>
    /// The newest stored check for the claim's patient and payer, or null; with <paramref name="answeredOnly"/>, the
    /// newest the payer answered (what the scrubber judges).
    /// </summary>
    public async Task<StoredEligibility?> LatestAsync(LaunchContext launch, Core.Claims.ClaimContext? context, bool answeredOnly, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(launch);
        if (context?.Patient?.Id is not { } patientId || connections.For(launch.Registration.Id).Eligibility is not { } settings
            || eligibility.RouteFor(settings, context) is not { } match)
        {
            return null;
        }

        return (await eligibility.LatestAsync(launch.Practice, [patientId], answeredOnly, ct)).FirstOrDefault(s => s.PayerKey == match.Key);
    }
}
