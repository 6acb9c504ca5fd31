using FhirApp.Core.Claims.Fhir;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Claims;

/// <summary>Maps a <see cref="ClaimContext"/> to the plain display records the UI shows.</summary>
public static class ClaimDisplayMapper
{
    private const int ReasonTextLength = 160;

    /// <summary>The list row for a claim.</summary>
    public static ClaimSummary ToSummary(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var billed = Billed(context);
        return Summary(context, billed, Adjudications(context));
    }

    /// <summary>The claim page.</summary>
    public static ClaimDetail ToDetail(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var billed = Billed(context);
        var adjudications = Adjudications(context);
        var diagnoses = Diagnoses(context, billed);
        var codeBySequence = diagnoses.Where(d => d.Code is not null).GroupBy(d => d.Sequence).ToDictionary(g => g.Key, g => g.First().Code!);
        var serviceDate = billed.ServiceDate;

        return new ClaimDetail
        {
            Summary = Summary(context, billed, adjudications),
            Lines = billed.Lines.OrderBy(l => l.Sequence).Select(line => Line(line, serviceDate, codeBySequence, adjudications)).ToList(),
            Diagnoses = diagnoses,
            Coverage = Coverage(context, billed),
            RenderingProvider = Rendering(context, billed),
            BillingProvider = Provider(context.Record.Resolve(billed.Provider, billed.Resource), billed.Provider),
            Notes = context.Notes.Select(n => Note(context, n)).OrderByDescending(n => n.Date).ToList(),
            Adjudications = adjudications,
            PriorAuthorizations = context.PriorAuthorizations.Select(AdjudicationReader.Read).OrderByDescending(a => a.Date).ToList(),
        };
    }

    private static BilledClaim Billed(ClaimContext context) =>
        context.Claim is { } claim ? BilledClaim.From(claim)
        : context.SourceEob is { } eob ? BilledClaim.From(eob)
        : throw new ArgumentException("The context has neither a Claim nor a source EOB.", nameof(context));

    // Newest first; on the same date an EOB (the remittance) ranks above a ClaimResponse.
    private static List<AdjudicationSummary> Adjudications(ClaimContext context) =>
        context.ClaimResponses.Select(AdjudicationReader.Read)
            .Concat(context.ExplanationsOfBenefit.Select(AdjudicationReader.Read))
            .OrderByDescending(a => a.Date ?? DateOnly.MinValue)
            .ThenByDescending(a => a.Source.StartsWith("ExplanationOfBenefit/", StringComparison.Ordinal))
            .ToList();

    private static ClaimSummary Summary(ClaimContext context, BilledClaim billed, List<AdjudicationSummary> adjudications)
    {
        var latest = adjudications.Count > 0 ? adjudications[0] : null;
        var reasons = latest?.Reasons ?? [];
        var denialReasons = reasons.Where(r => r.IsDenial).ToList();
        var diagnoses = Diagnoses(context, billed);
        return new ClaimSummary
        {
            Id = billed.Resource.Id ?? "",
            ResourceType = billed.Resource.TypeName,
            Status = billed.Status,
            PatientId = context.Patient?.Id ?? FhirValues.IdOf(billed.Patient),
            PatientName = FhirValues.Name(context.Patient) ?? billed.Patient?.Display,
            PayerName = PayerName(context, billed),
            ServiceDate = billed.ServiceDate,
            ProcedureCodes = billed.Lines.OrderBy(l => l.Sequence)
                .Select(l => FhirValues.Code(l.ProductOrService, FhirValues.ProcedureSystems))
                .OfType<string>()
                .Distinct(StringComparer.Ordinal)
                .ToList(),
            DiagnosisCodes = diagnoses.Select(d => d.Code).OfType<string>().Distinct(StringComparer.Ordinal).ToList(),
            BilledAmount = billed.Total ?? (billed.Lines.Any(l => l.Charge is not null) ? billed.Lines.Sum(l => l.Charge ?? 0) : null),
            Currency = billed.Currency ?? latest?.Currency,
            Outcome = latest?.Outcome ?? ClaimOutcomes.Pending,
            ClaimNumber = billed.Resource is Claim claim ? ClaimNumbers.AccountNumber(claim) : null,
            PayerClaimNumber = context.ExplanationsOfBenefit.Cast<DomainResource>().Concat(context.ClaimResponses)
                .Select(ClaimNumbers.PayerClaimNumber).FirstOrDefault(n => n is not null),
            PaidAmount = latest?.PaidAmount,
            ReasonCodes = denialReasons.Concat(reasons).Select(r => r.Label).Distinct(StringComparer.Ordinal).ToList(),
            DenialReasonCodes = denialReasons.Select(r => r.Label).Distinct(StringComparer.Ordinal).ToList(),
            ReasonText = FhirValues.Truncate(
                denialReasons.Select(r => r.Display).FirstOrDefault(d => d is not null)
                    ?? (latest is not null && latest.Outcome != ClaimOutcomes.Paid ? latest.Disposition : null),
                ReasonTextLength),
            AdjudicationSource = latest?.Source,
            AdjudicationDate = latest?.Date,
        };
    }

    private static string? PayerName(ClaimContext context, BilledClaim billed)
    {
        if (FhirValues.Name(context.Payer) is { } name)
        {
            return name;
        }

        if (!string.IsNullOrWhiteSpace(billed.Insurer?.Display))
        {
            return billed.Insurer.Display;
        }

        var coverage = context.Coverages.Count > 0 ? context.Coverages[0] : null;
        return coverage?.Payor.Select(p => p.Display).FirstOrDefault(d => !string.IsNullOrWhiteSpace(d))
            ?? FhirValues.Display(coverage?.Type)
            ?? billed.Coverages.Select(c => c.Coverage?.Display).FirstOrDefault(d => !string.IsNullOrWhiteSpace(d));
    }

    private static List<ClaimDiagnosis> Diagnoses(ClaimContext context, BilledClaim billed) =>
        billed.Diagnoses.OrderBy(d => d.Sequence).Select(d =>
        {
            var concept = d.Value switch
            {
                CodeableConcept value => value,
                ResourceReference reference => context.Record.Resolve<Condition>(reference, billed.Resource)?.Code,
                _ => null,
            };
            var coding = FhirValues.PreferredCoding(concept, FhirValues.DiagnosisSystems);
            return new ClaimDiagnosis(d.Sequence, coding?.Code, coding?.System, coding?.Display ?? concept?.Text);
        }).ToList();

    private static ClaimLineDetail Line(
        BilledClaim.Line line,
        DateOnly? serviceDate,
        Dictionary<int, string> diagnosisCodes,
        List<AdjudicationSummary> adjudications)
    {
        var coding = FhirValues.PreferredCoding(line.ProductOrService, FhirValues.ProcedureSystems);
        return new ClaimLineDetail
        {
            Sequence = line.Sequence,
            ServiceDate = FhirValues.StartDate(line.Serviced) ?? serviceDate,
            Code = coding?.Code,
            CodeSystem = coding?.System,
            CodeDisplay = coding?.Display ?? line.ProductOrService?.Text,
            Modifiers = line.Modifiers.Select(m => FhirValues.Code(m)).OfType<string>().ToList(),
            Units = line.Quantity,
            Charge = line.Charge,
            PlaceOfService = line.Location is CodeableConcept place ? FhirValues.Code(place, FhirValues.PlaceOfServiceSystems) : null,
            DiagnosisPointers = line.DiagnosisSequence,
            DiagnosisCodes = line.DiagnosisSequence.Select(s => diagnosisCodes.GetValueOrDefault(s)).OfType<string>().ToList(),
            Adjudication = adjudications.Select(a => a.Lines.FirstOrDefault(l => l.Sequence == line.Sequence)).FirstOrDefault(l => l is not null),
        };
    }

    private static CoverageSummary? Coverage(ClaimContext context, BilledClaim billed)
    {
        if (context.Coverages.Count == 0)
        {
            var display = billed.Coverages.Select(c => c.Coverage?.Display).FirstOrDefault(d => !string.IsNullOrWhiteSpace(d));
            return display is null ? null : new CoverageSummary { PayerName = display };
        }

        var coverage = context.Coverages[0];
        var payer = coverage.Payor.Select(p => context.Record.Resolve(p, coverage)).FirstOrDefault(r => r is not null);
        var plan = coverage.Class.Find(c => FhirValues.HasCode(c.Type, "plan")) ?? coverage.Class.FirstOrDefault();
        return new CoverageSummary
        {
            Id = coverage.Id,
            PayerName = FhirValues.Name(payer) ?? coverage.Payor.Select(p => p.Display).FirstOrDefault(d => d is not null) ?? FhirValues.Display(coverage.Type),
            SubscriberId = coverage.SubscriberId
                ?? coverage.Identifier.Find(i => FhirValues.HasCode(i.Type, "MB"))?.Value,
            Plan = plan?.Name ?? plan?.Value,
            PeriodStart = FhirValues.ToDate(coverage.Period?.Start),
            PeriodEnd = FhirValues.ToDate(coverage.Period?.End),
            Status = FhirValues.Literal(coverage.Status),
        };
    }

    private static ProviderSummary? Rendering(ClaimContext context, BilledClaim billed)
    {
        // The scrubber's choice (ClaimParties), so an addendum request goes to the practitioner the scrubber checked.
        var (member, container) = ClaimParties.RenderingMember(context);
        if (member is not null)
        {
            var resource = context.Record.Resolve(member.Provider, container);
            return ClaimParties.PractitionerOf(context.Record, resource) is { } practitioner && resource is PractitionerRole role
                ? new ProviderSummary(FhirValues.Name(practitioner) ?? role.Practitioner?.Display, FhirValues.Npi(role) ?? FhirValues.Npi(practitioner), FhirReference.KeyOf(practitioner))
                : Provider(resource, member.Provider);
        }

        // Professional claims without a care team: the provider is the rendering practitioner when it is one.
        var provider = context.Record.Resolve(billed.Provider, billed.Resource);
        return provider is Practitioner ? Provider(provider, billed.Provider) : null;
    }

    private static ProviderSummary? Provider(Resource? resource, ResourceReference? reference)
    {
        if (resource is PractitionerRole role)
        {
            return new ProviderSummary(role.Practitioner?.Display ?? role.Organization?.Display, FhirValues.Npi(role), FhirReference.KeyOf(role));
        }

        if (resource is null && reference is null)
        {
            return null;
        }

        var name = FhirValues.Name(resource) ?? reference?.Display;
        var npi = FhirValues.Npi(resource)
            ?? (reference?.Identifier is { System: FhirValues.NpiSystem } identifier ? identifier.Value : null);
        return name is null && npi is null ? null : new ProviderSummary(name, npi, resource is null ? reference?.Reference : FhirReference.KeyOf(resource));
    }

    private static NoteSummary Note(ClaimContext context, DocumentReference note) => new()
    {
        Id = note.Id ?? "",
        Date = FhirValues.ToDate(note.Date) ?? FhirValues.StartDate(note.Context?.Period),
        Type = FhirValues.Display(note.Type),
        Author = note.Author.Select(a => FhirValues.Name(context.Record.Resolve(a, note)) ?? a.Display).FirstOrDefault(n => n is not null),
        Description = note.Description,
        HasText = ClinicalNoteText.HasInlineText(note),
        Unreadable = NoteTextReader.Problem(note),
    };
}
