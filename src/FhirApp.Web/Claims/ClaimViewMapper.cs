using FhirApp.Core.Claims;
using FhirApp.Core.Learning;
using FhirApp.Core.Scoring;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Corrections;
using FhirApp.Web.Documentation;
using FhirApp.Web.Fhir;
using FhirApp.Web.Scoring;
using FhirApp.Web.Smart;
using Hl7.Fhir.Model;

namespace FhirApp.Web.Claims;

/// <summary>
/// Turns one load of the launch patient's record, or of a practice launch's claims (grouped per patient, so each claim's
/// context holds only its own patient's history), into what the screens show (Core builds the claim contexts), with the
/// practice's scrubber (shipped and learned rules), its auth log, its live risk model and its stored eligibility answers.
/// </summary>
public sealed class ClaimViewMapper(
    PracticeRuleBooks ruleBooks, ClaimCorrector corrector, AuthorizationLog authLog, RiskModelProvider risk, Eligibility.EligibilityResponses eligibility)
{
    private static readonly ClaimContextBuilder Builder = new();

    /// <summary>The view of one load, with the practice's rules, auths, model and eligibility answers as they are now.</summary>
    public async Task<PatientClaimsView> MapAsync(LaunchContext launch, PatientRecordLoad load, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(launch);
        // A patient launch needs its patient's logged auths; a practice launch all of the practice's.
        var logged = (await authLog.ForPatientAsync(launch.Practice, launch.PatientId, ct)).Select(AuthorizationLog.ToClaimResponse).ToList();
        var model = await risk.GetAsync(launch.Practice, ct);
        // The shipped rules with the practice's own learned payer rules (confirmed and not dismissed).
        var scrubber = await ruleBooks.ScrubberAsync(launch.Practice, ct);
        return Map(launch, load, scrubber, corrector, logged, model, await eligibility.ForLaunchAsync(launch, ct));
    }

    /// <param name="loggedAuths">Preauthorizations from the practice's own auth log, judged like the EHR's.</param>
    /// <param name="eligibility">The payer's stored eligibility answers for a claim's patient and payer, judged by the scrubber.</param>
    private static PatientClaimsView Map(
        LaunchContext launch, PatientRecordLoad load, ClaimScrubber scrubber, ClaimCorrector corrector, IReadOnlyList<ClaimResponse> loggedAuths,
        DenialRiskModel risk, Func<ClaimContext, IReadOnlyList<CoverageEligibilityResponse>>? eligibility = null)
    {
        var record = launch.IsPracticeLaunch ? null : PatientRecord.Create(load.Resources);
        var contexts = (record is null
                ? PatientRecordGrouper.Group(load.Resources).SelectMany(Builder.Build)
                : Builder.Build(record).Where(c => c.Claim is null ? c.Patient?.Id == launch.PatientId : LaunchPatientFilter.Belongs(launch, c.Claim)))
            .Select(c => WithLoggedAuths(c, loggedAuths))
            .Select(c => eligibility is null || c.Claim is null ? c : c with { EligibilityResponses = [.. c.EligibilityResponses, .. eligibility(c)] })
            .ToList();
        // Ids are unique per resource type only (a Claim and an unlinked EOB may share one): the first built, a Claim, wins.
        var byId = contexts.Select(ClaimDisplayMapper.ToDetail)
            .GroupBy(d => d.Summary.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var claimContexts = contexts.Where(c => c.Claim?.Id is not null)
            .GroupBy(c => c.Claim!.Id!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var scrubbed = claimContexts.Values.Select(scrubber.Scrub)
            .GroupBy(r => r.ClaimId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var proposals = scrubbed.Values
            .Select(r => (r.ClaimId, Proposals: claimContexts.TryGetValue(r.ClaimId, out var c) ? corrector.Propose(c, r) : []))
            .Where(p => p.Proposals.Count > 0)
            .ToDictionary(p => p.ClaimId, p => p.Proposals, StringComparer.Ordinal);
        return new PatientClaimsView(
            Banner(record?.Find<Patient>(launch.PatientId ?? "")),
            [.. byId.Values.Select(d => d.Summary).OrderByDescending(s => s.ServiceDate)],
            byId,
            load.Skipped,
            load.Problems,
            load.RoundTrips,
            scrubbed)
        {
            Contexts = claimContexts,
            // Scored with the findings just computed; the risk shown is the claim's as it stands in the EHR.
            Risks = claimContexts.ToDictionary(kv => kv.Key, kv => risk.Score(kv.Value, scrubbed.GetValueOrDefault(kv.Key)), StringComparer.Ordinal),
            Proposals = proposals,
            ClaimLimitReached = load.ClaimLimitReached,
            OpenRequests = AddendumTasks.OpenForUser(launch, load.Resources),
        };
    }

    /// <summary>The context with the practice's logged auths for its patient added to the patient's prior authorizations.</summary>
    private static ClaimContext WithLoggedAuths(ClaimContext context, IReadOnlyList<ClaimResponse> loggedAuths)
    {
        var patient = "Patient/" + context.Patient?.Id;
        var mine = loggedAuths.Where(a => a.Patient?.Reference == patient).ToList();
        return mine.Count == 0 ? context : context with { PatientPriorAuthorizations = [.. context.PatientPriorAuthorizations, .. mine] };
    }

    private static PatientBannerInfo? Banner(Patient? patient)
    {
        if (patient is null)
        {
            return null;
        }
        var name = patient.Name.FirstOrDefault(n => n.Use == HumanName.NameUse.Official) ?? patient.Name.FirstOrDefault();
        var display = name is null ? "(name not recorded)" : name.Text ?? string.Join(' ', name.Given.Append(name.Family).Where(s => !string.IsNullOrEmpty(s)));
        var mrn = patient.Identifier.FirstOrDefault(i => i.Type?.Coding.Any(c => c.Code == "MR") == true)?.Value;
        return new PatientBannerInfo(display, patient.BirthDate, patient.Gender?.ToString().ToLowerInvariant(), mrn);
    }
}
