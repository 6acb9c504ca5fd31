using FhirApp.Core.Claims;
using FhirApp.Core.Eligibility;
using FhirApp.Web.Connections;
using FhirApp.Web.Smart;
using Hl7.Fhir.Model;

namespace FhirApp.Web.Eligibility;

/// <summary>
/// The practice's stored eligibility answers, as each claim's context carries them (the newest for the claim's patient
/// and payer), so the scrubber judges them with the rest of the claim.
/// </summary>
public sealed class EligibilityResponses(EligibilityService eligibility, PracticeConnectionRegistry connections)
{
    /// <summary>For one load of a launch: a function from a claim's context to its payer's answers (none when not set up).</summary>
    public async Task<Func<ClaimContext, IReadOnlyList<CoverageEligibilityResponse>>?> ForLaunchAsync(LaunchContext launch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(launch);
        if (connections.For(launch.Registration.Id).Eligibility is not { } settings)
        {
            return null;
        }

        var stored = await eligibility.LatestAsync(launch.Practice, launch.PatientId is { } patient ? [patient] : null, answeredOnly: true, ct);
        if (stored.Count == 0)
        {
            return null;
        }

        var byKey = stored.ToDictionary(s => (s.PatientId, s.PayerKey));
        return context => context.Patient?.Id is { } patientId && eligibility.RouteFor(settings, context) is { } match
            && byKey.TryGetValue((patientId, match.Key), out var found)
                ? [EligibilityFhir.Response(found.Answer, found.CheckedAt)]
                : [];
    }
}
