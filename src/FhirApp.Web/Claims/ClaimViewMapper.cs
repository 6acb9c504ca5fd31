using FhirApp.Core.Claims;
using FhirApp.Core.Scrubbing;
using FhirApp.Web.Fhir;
using FhirApp.Web.Smart;
using Hl7.Fhir.Model;

namespace FhirApp.Web.Claims;

/// <summary>Turns one load of the launch patient's record into what the screens show (Core builds the claim contexts).</summary>
internal static class ClaimViewMapper
{
    private static readonly ClaimContextBuilder Builder = new();

    public static PatientClaimsView Map(LaunchContext launch, PatientRecordLoad load, ClaimScrubber scrubber)
    {
        var record = PatientRecord.Create(load.Resources);
        var contexts = Builder.Build(record)
            .Where(c => c.Patient is null || c.Patient.Id == launch.PatientId)
            .ToList();
        var details = contexts.Select(ClaimDisplayMapper.ToDetail).OrderByDescending(d => d.Summary.ServiceDate).ToList();
        var scrubbed = contexts.Where(c => c.Claim is not null).Select(scrubber.Scrub).ToDictionary(r => r.ClaimId, StringComparer.Ordinal);
        return new PatientClaimsView(
            Banner(record.Find<Patient>(launch.PatientId ?? "")),
            [.. details.Select(d => d.Summary)],
            details.ToDictionary(d => d.Summary.Id, StringComparer.Ordinal),
            load.Skipped,
            load.Problems,
            load.RoundTrips,
            scrubbed);
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
