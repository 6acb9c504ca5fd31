using FhirApp.Core.Claims;
using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Scrubbing.Rules;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Eligibility;

/// <summary>
/// What to ask a payer about one claim: is the subscriber (and the patient, when a dependent) covered on the date of
/// service, for health benefit plan coverage (service type 30)? Built from the claim's context; the same question goes
/// out as a 270 or as a FHIR CoverageEligibilityRequest.
/// </summary>
public sealed record EligibilityQuery
{
    public required string PatientId { get; init; }

    /// <summary>The payer as the practice's route table names it (see <see cref="EligibilitySettings.Payers"/>).</summary>
    public required string PayerKey { get; init; }

    public required string PayerName { get; init; }

    public required DateOnly ServiceDate { get; init; }

    public required string ProviderName { get; init; }

    public required string ProviderNpi { get; init; }

    public required EligibilityPerson Subscriber { get; init; }

    /// <summary>The patient when not the subscriber; null when the patient is the subscriber.</summary>
    public EligibilityPerson? Dependent { get; init; }

    /// <summary>Our reference for this question, echoed by the payer (TRN02, BHT03).</summary>
    public required string TraceNumber { get; init; }

    /// <summary>The question for <paramref name="context"/>, or why it cannot be asked (in plain words).</summary>
    public static (EligibilityQuery? Query, string? Problem) From(ClaimContext context, string payerKey, string traceNumber)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Patient?.Id is not { } patientId)
        {
            return (null, "The claim's patient is not in the record.");
        }

        if (context.Coverages.Count == 0)
        {
            return (null, "The claim names no coverage to check.");
        }

        var coverage = context.Coverages[0];
        if (SubscriberIdRule.SubscriberIdOf(coverage) is not { } memberId)
        {
            return (null, "The coverage has no member id: the payer cannot look the patient up without it.");
        }

        if (context.ServiceDate is not { } dos)
        {
            return (null, "The claim has no date of service.");
        }

        var npi = FhirValues.Npi(context.BillingProvider);
        if (npi is null)
        {
            return (null, "The billing provider has no NPI.");
        }

        var patient = Person(context.Patient, null);
        var self = SubscriberIdRule.IsSelf(coverage) || coverage.Subscriber is null;
        var subscriber = self ? patient with { MemberId = memberId } : Person(context.Record.Resolve(coverage.Subscriber) as Patient, memberId);
        if (subscriber.Last is null || (self && subscriber.BirthDate is null))
        {
            return (null, "The subscriber's name or date of birth is missing.");
        }

        return (new EligibilityQuery
        {
            PatientId = patientId,
            PayerKey = payerKey,
            PayerName = context.Payer?.Name ?? payerKey,
            ServiceDate = dos,
            ProviderName = FhirValues.Name(context.BillingProvider) ?? "PROVIDER",
            ProviderNpi = npi,
            Subscriber = subscriber,
            Dependent = self ? null : patient,
            TraceNumber = traceNumber,
        }, null);
    }

    private static EligibilityPerson Person(Patient? patient, string? memberId)
    {
        var name = patient?.Name.FirstOrDefault(n => n.Use == HumanName.NameUse.Official) ?? patient?.Name.FirstOrDefault();
        var gender = patient?.Gender switch
        {
            AdministrativeGender.Male => "M",
            AdministrativeGender.Female => "F",
            _ => "U",
        };
        return new EligibilityPerson(name?.Family, name?.Given.FirstOrDefault(), FhirValues.ToDate(patient?.BirthDate), gender, memberId);
    }
}
