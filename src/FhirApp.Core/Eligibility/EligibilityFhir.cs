using System.Globalization;
using FhirApp.Core.Common;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Eligibility;

/// <summary>
/// The FHIR shapes of eligibility: the question as a CoverageEligibilityRequest (FHIR route), and any stored answer as
/// a CoverageEligibilityResponse for the claim context, so the scrubber judges a payer's answer from either route (or
/// one the EHR itself holds) by one rule.
/// </summary>
public static class EligibilityFhir
{
    /// <summary>The question, with the patient and the coverage as the practice has them contained.</summary>
    public static CoverageEligibilityRequest Request(EligibilityQuery query, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(query);
        var subscriber = Patient("subscriber", query.Subscriber);
        var beneficiary = query.Dependent is { } dependent ? Patient("patient", dependent) : subscriber;
        var coverage = new Coverage
        {
            Id = "coverage",
            Status = FinancialResourceStatusCodes.Active,
            SubscriberId = query.Subscriber.MemberId,
            Subscriber = new ResourceReference("#" + subscriber.Id),
            Beneficiary = new ResourceReference("#" + beneficiary.Id),
            Relationship = new CodeableConcept("http://terminology.hl7.org/CodeSystem/subscriber-relationship", query.Dependent is null ? "self" : "other"),
            Payor = [new ResourceReference { Display = query.PayerName }],
        };
        var request = new CoverageEligibilityRequest
        {
            Identifier = [new Identifier("urn:fhirapp:eligibility-trace", query.TraceNumber)],
            Status = FinancialResourceStatusCodes.Active,
            Purpose = [CoverageEligibilityRequest.EligibilityRequestPurpose.Validation, CoverageEligibilityRequest.EligibilityRequestPurpose.Benefits],
            Patient = new ResourceReference("#" + beneficiary.Id),
            Serviced = new Date(query.ServiceDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            Created = now.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
            Provider = new ResourceReference { Identifier = new Identifier("http://hl7.org/fhir/sid/us-npi", query.ProviderNpi), Display = query.ProviderName },
            Insurer = new ResourceReference { Display = query.PayerName },
            Insurance = [new CoverageEligibilityRequest.InsuranceComponent { Focal = true, Coverage = new ResourceReference("#coverage") }],
        };
        request.Contained.Add(subscriber);
        if (!ReferenceEquals(beneficiary, subscriber))
        {
            request.Contained.Add(beneficiary);
        }

        request.Contained.Add(coverage);
        return request;
    }

    /// <summary>A stored answer as the claim context carries it: status, dates, the member as the payer has them, plan needs, the rejection.</summary>
    public static CoverageEligibilityResponse Response(EligibilityAnswer answer, DateTimeOffset checkedAt)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var response = new CoverageEligibilityResponse
        {
            Meta = new Meta { Tag = [new Coding(FhirAppSystems.EligibilityRoute, answer.Route)] },
            Status = FinancialResourceStatusCodes.Active,
            Purpose = [CoverageEligibilityResponse.EligibilityResponsePurpose.Validation],
            Serviced = new Date(answer.ServiceDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            Created = (answer.AnsweredAt ?? checkedAt).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
            Outcome = answer.Status is EligibilityStatus.Active or EligibilityStatus.Inactive ? ClaimProcessingCodes.Complete : ClaimProcessingCodes.Error,
            Disposition = answer.Message,
            Patient = new ResourceReference("#member"),
            Insurer = new ResourceReference { Display = "payer" },
        };
        var member = answer.Member ?? new EligibilityPerson(null, null, null, null);
        response.Contained.Add(Patient("member", member));
        if (answer.Status is EligibilityStatus.Active or EligibilityStatus.Inactive)
        {
            response.Contained.Add(new Coverage
            {
                Id = "coverage",
                Status = FinancialResourceStatusCodes.Active,
                SubscriberId = member.MemberId,
                Beneficiary = new ResourceReference("#member"),
                Payor = [new ResourceReference { Display = "payer" }],
                Class = answer.PlanName is { } plan ? [new Coverage.ClassComponent { Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/coverage-class", "plan"), Value = "plan", Name = plan }] : [],
            });
            var insurance = new CoverageEligibilityResponse.InsuranceComponent
            {
                Coverage = new ResourceReference("#coverage"),
                Inforce = answer.Status == EligibilityStatus.Active,
                BenefitPeriod = answer.CoverageStart is null && answer.CoverageEnd is null ? null : new Period
                {
                    Start = answer.CoverageStart?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    End = answer.CoverageEnd?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                },
            };
            if (answer.AuthorizationRequired)
            {
                insurance.Item.Add(new CoverageEligibilityResponse.ItemsComponent { Name = "Prior authorization", AuthorizationRequired = true });
            }

            if (answer.ReferralRequired)
            {
                insurance.Item.Add(new CoverageEligibilityResponse.ItemsComponent { Name = "Referral", Description = "A referral is required", AuthorizationRequired = true });
            }

            response.Insurance.Add(insurance);
        }
        else
        {
            response.Error.Add(new CoverageEligibilityResponse.ErrorsComponent
            {
                Code = new CodeableConcept("urn:fhirapp:eligibility-rejection", answer.RejectionCode ?? (answer.Status == EligibilityStatus.Failed ? "no-answer" : "rejected")) { Text = answer.Message },
            });
        }

        return response;
    }

    private static Patient Patient(string id, EligibilityPerson person)
    {
        var patient = new Patient
        {
            Id = id,
            BirthDate = person.BirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Gender = person.Gender switch
            {
                "M" => AdministrativeGender.Male,
                "F" => AdministrativeGender.Female,
                _ => null,
            },
        };
        if (person.Last is not null || person.First is not null)
        {
            patient.Name.Add(new HumanName { Family = person.Last, Given = person.First is null ? [] : [person.First] });
        }

        return patient;
    }
}
