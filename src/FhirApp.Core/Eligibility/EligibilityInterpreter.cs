using System.Text.RegularExpressions;
using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Eligibility.X12;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Eligibility;

/// <summary>
/// Turns a payer's answer (a 271, or a FHIR CoverageEligibilityResponse) into an <see cref="EligibilityAnswer"/> for the
/// question asked: active or not on the date of service (the payer's status, then the coverage dates it gave), the
/// member as the payer has them, and whether the plan needs a referral or an authorization.
/// </summary>
public static partial class EligibilityInterpreter
{
    // EB01: 1-5 active (with or without capitation / pending investigation), 6-8 inactive.
    private static readonly string[] ActiveCodes = ["1", "2", "3", "4", "5"];
    private static readonly string[] InactiveCodes = ["6", "7", "8"];

    public static EligibilityAnswer FromX12(Eligibility271 read, EligibilityQuery query)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(query);
        if (!read.Accepted)
        {
            return Failed(query, "x12", $"The clearinghouse's answer could not be read: {read.Issues[0]}.");
        }

        var member = read.Members.FirstOrDefault(m => m.Traces.Contains(query.TraceNumber, StringComparer.Ordinal))
            ?? read.Members.FirstOrDefault(m => m.Level == (query.Dependent is null ? "subscriber" : "dependent"));
        var rejection = read.Rejections.Count > 0 ? read.Rejections[0] : member is { Rejections.Count: > 0 } ? member.Rejections[0] : null;
        if (rejection is not null)
        {
            return Rejected(query, "x12", read.Created, rejection.Code, member?.Person);
        }

        if (member is null)
        {
            return Failed(query, "x12", "The payer's answer names no member.") with { AnsweredAt = read.Created };
        }

        var subscriber = member.Level == "dependent" ? read.Members.FirstOrDefault(m => m.Level == "subscriber") : member;
        var types = member.Benefits.Where(b => b.ServiceTypes.Count == 0 || b.ServiceTypes.Contains("30")).ToList();
        var active = types.FirstOrDefault(b => ActiveCodes.Contains(b.Code));
        var inactive = types.Any(b => InactiveCodes.Contains(b.Code));
        var dates = member.Dates.Concat(types.SelectMany(b => b.Dates)).ToList();
        var start = First(dates, "346", "356", "307", "291", from: true);
        var end = First(dates, "347", "357", "307", "291", from: false);
        var messages = member.Benefits.SelectMany(b => b.Messages).ToList();
        var answer = new EligibilityAnswer
        {
            Route = "x12",
            Status = active is not null && !inactive ? EligibilityStatus.Active : inactive ? EligibilityStatus.Inactive : EligibilityStatus.Failed,
            ServiceDate = query.ServiceDate,
            AnsweredAt = read.Created,
            CoverageStart = start,
            CoverageEnd = end,
            PlanName = active?.PlanDescription ?? member.Benefits.Select(b => b.PlanDescription).FirstOrDefault(p => p is not null),
            Member = member.Person with { MemberId = subscriber?.Person.MemberId ?? member.Person.MemberId },
            AuthorizationRequired = member.Benefits.Any(b => b.AuthorizationIndicator == "Y") || messages.Any(m => AuthorizationWords().IsMatch(m)),
            ReferralRequired = messages.Any(m => ReferralWords().IsMatch(m) && !NotRequired().IsMatch(m)),
            Message = active is null && !inactive ? "The payer's answer has no coverage status for health benefit plan coverage." : null,
        };
        return WithinDates(answer);
    }

    public static EligibilityAnswer FromFhir(CoverageEligibilityResponse response, EligibilityQuery query)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(query);
        var created = FhirValues.ToInstant(response.CreatedElement);
        var payerPatient = Contained<Patient>(response, response.Patient);
        var insurance = response.Insurance.FirstOrDefault();
        var coverage = Contained<Coverage>(response, insurance?.Coverage);
        var member = payerPatient is null ? null : Person(payerPatient, coverage?.SubscriberId);
        if (response.Error.FirstOrDefault() is { } error || response.Outcome == ClaimProcessingCodes.Error)
        {
            var code = response.Error.FirstOrDefault()?.Code?.Coding.FirstOrDefault()?.Code;
            return Rejected(query, "fhir", created, code, member);
        }

        if (insurance?.Inforce is not { } inforce)
        {
            return Failed(query, "fhir", "The payer's answer does not say whether the coverage is in force.") with { AnsweredAt = created };
        }

        var items = insurance.Item;
        bool Referral(CoverageEligibilityResponse.ItemsComponent i) =>
            ReferralWords().IsMatch($"{i.Name} {i.Description} {i.Category?.Text} {FhirValues.Display(i.Category)} {i.Category?.Coding.FirstOrDefault()?.Code}");
        return WithinDates(new EligibilityAnswer
        {
            Route = "fhir",
            Status = inforce ? EligibilityStatus.Active : EligibilityStatus.Inactive,
            ServiceDate = query.ServiceDate,
            AnsweredAt = created,
            CoverageStart = FhirValues.ToDate(insurance.BenefitPeriod?.Start),
            CoverageEnd = FhirValues.ToDate(insurance.BenefitPeriod?.End),
            PlanName = coverage?.Class.FirstOrDefault(c => FhirValues.HasCode(c.Type, "plan"))?.Name,
            Member = member,
            AuthorizationRequired = items.Any(i => i.AuthorizationRequired == true && !Referral(i)),
            ReferralRequired = items.Any(i => i.AuthorizationRequired == true && Referral(i)),
        });
    }

    /// <summary>An answer that is no answer: the payer did not answer, or not readably.</summary>
    public static EligibilityAnswer Failed(EligibilityQuery query, string route, string message)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new EligibilityAnswer { Route = route, Status = EligibilityStatus.Failed, ServiceDate = query.ServiceDate, Message = message };
    }

    private static EligibilityAnswer Rejected(EligibilityQuery query, string route, DateTimeOffset? at, string? code, EligibilityPerson? member) => new()
    {
        Route = route,
        Status = EligibilityStatus.Rejected,
        ServiceDate = query.ServiceDate,
        AnsweredAt = at,
        Member = member,
        RejectionCode = code,
        Message = char.ToUpperInvariant(AaaReasons.Describe(code)[0]) + AaaReasons.Describe(code)[1..] + (AaaReasons.IsTemporary(code) ? ": check again later." : "."),
    };

    // "Active" with coverage dates that leave out the date of service is not active on that date.
    private static EligibilityAnswer WithinDates(EligibilityAnswer answer) =>
        answer.Status == EligibilityStatus.Active
        && ((answer.CoverageEnd is { } end && answer.ServiceDate > end) || (answer.CoverageStart is { } start && answer.ServiceDate < start))
            ? answer with { Status = EligibilityStatus.Inactive }
            : answer;

    private static DateOnly? First(List<KeyValuePair<string, (DateOnly? From, DateOnly? To)>> dates, string a, string b, string c, string d, bool from)
    {
        foreach (var qualifier in new[] { a, b, c, d })
        {
            foreach (var (key, range) in dates)
            {
                // A single plan date (291 D8) is the date asked about, not a boundary.
                if (key == qualifier && (qualifier is not ("291" or "307") || range.From != range.To) && (from ? range.From : range.To) is { } date)
                {
                    return date;
                }
            }
        }

        return null;
    }

    private static T? Contained<T>(DomainResource container, ResourceReference? reference) where T : Resource =>
        reference?.Reference is { Length: > 1 } r && r[0] == '#' ? container.Contained.OfType<T>().FirstOrDefault(c => c.Id == r[1..]) : null;

    internal static EligibilityPerson Person(Patient patient, string? memberId)
    {
        var name = patient.Name.FirstOrDefault();
        var gender = patient.Gender switch
        {
            AdministrativeGender.Male => "M",
            AdministrativeGender.Female => "F",
            _ => null,
        };
        return new EligibilityPerson(name?.Family, name?.Given.FirstOrDefault(), FhirValues.ToDate(patient.BirthDate), gender, memberId);
    }

    [GeneratedRegex(@"\bREFERRAL", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReferralWords();

    [GeneratedRegex(@"\b(NOT|NO)\s+(REQUIRED|NEEDED)|\bNO\s+REFERRAL", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NotRequired();

    [GeneratedRegex(@"\b(PRIOR\s+AUTH|PRE-?AUTH|PRE-?CERT|AUTHORIZATION\s+REQUIRED)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AuthorizationWords();
}
