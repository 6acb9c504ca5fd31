using FhirApp.Core.Claims;
using FhirApp.Core.Scrubbing;
using FhirApp.Web.Fhir;
using FhirApp.Web.Smart;
using Hl7.Fhir.Model;

namespace FhirApp.Web.Claims;

/// <summary>
/// Turns one load of the launch patient's record, or of a practice launch's claims (grouped per patient, so each claim's
/// context holds only its own patient's history), into what the screens show (Core builds the claim contexts).
/// </summary>
internal static class ClaimViewMapper
{
    private static readonly ClaimContextBuilder Builder = new();

    public static PatientClaimsView Map(LaunchContext launch, PatientRecordLoad load, ClaimScrubber scrubber)
    {
        var record = launch.IsPracticeLaunch ? null : PatientRecord.Create(load.Resources);
        var contexts = record is null
            ? PatientRecordGrouper.Group(load.Resources).SelectMany(Builder.Build).ToList()
            : Builder.Build(record).Where(c => c.Patient is null || c.Patient.Id == launch.PatientId).ToList();
        // Ids are unique per resource type only (a Claim and an unlinked EOB may share one): the first built, a Claim, wins.
        var byId = contexts.Select(ClaimDisplayMapper.ToDetail)
            .GroupBy(d => d.Summary.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var scrubbed = contexts.Where(c => c.Claim is not null).Select(scrubber.Scrub)
            .GroupBy(r => r.ClaimId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return new PatientClaimsView(
            Banner(record?.Find<Patient>(launch.PatientId ?? "")),
            [.. byId.Values.Select(d => d.Summary).OrderByDescending(s => s.ServiceDate)],
            byId,
            load.Skipped,
            load.Problems,
            load.RoundTrips,
            scrubbed)
        {
            ClaimLimitReached = load.ClaimLimitReached,
        };
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
