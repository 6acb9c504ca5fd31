using FhirApp.Core.Claims;
using FhirApp.Core.Claims.Fhir;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Denials;

/// <summary>
/// Finds the lines that need denial work in an ExplanationOfBenefit or ClaimResponse (CARIN Blue Button, Blue Button 2.0
/// and plain R4 shapes) and categorizes them. Amounts and reasons come from <see cref="AdjudicationReader"/>, so the
/// claims screens and the denial queue agree on what a denial is (<see cref="DenialClassifier"/>: CO-45, CO-253 and
/// PR-1/2/3 are not denials; a zero-benefit line with any other reason is, whatever its group). The payer is filed
/// under the key <paramref name="payers"/> gives it (the rule content's directory), as the scrubber files the claim's.
/// </summary>
public sealed class DenialDetector(DenialCauseTable causes, PayerDirectory? payers = null)
{
    // CPT and HCPCS systems: the claim mapping's, and the Blue Button 2.0 ones (its v2 EOBs code lines in codesystem/hcpcs).
    private static readonly HashSet<string> ProcedureSystems = new(
        [.. FhirValues.ProcedureSystems, "https://bluebutton.cms.gov/resources/codesystem/hcpcs", "https://bluebutton.cms.gov/resources/variables/hcpcs_cd"],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads one resource; null when it is neither an ExplanationOfBenefit nor a ClaimResponse.</summary>
    public AdjudicationDecision? Detect(Resource resource) => resource switch
    {
        ExplanationOfBenefit eob => Detect(eob),
        ClaimResponse response => Detect(response),
        _ => null,
    };

    public AdjudicationDecision Detect(ExplanationOfBenefit eob)
    {
        ArgumentNullException.ThrowIfNull(eob);
        var summary = AdjudicationReader.Read(eob);
        var serviceDate = FhirValues.ToDate(eob.BillablePeriod?.Start)
            ?? eob.Item.Select(i => FhirValues.StartDate(i.Serviced)).Where(d => d is not null).Min();
        var team = ClaimParties.TeamOf(eob);
        var rendering = Rendering(team, []);
        var codes = eob.Item.Select(i => ProcedureCode(i.ProductOrService)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var facts = Facts(eob, eob.Identifier, FhirValues.Literal(eob.Status), FhirValues.Literal(eob.Use), eob.Claim, eob.Patient, eob.Insurer, eob.Provider, summary) with
        {
            ServiceDate = serviceDate,
            RenderingProvider = rendering,
            ProcedureCodes = codes.Count == 0 ? null : string.Join(' ', codes),
        };
        var rarcs = Rarcs(eob.Item.Select(i => (i.Sequence ?? 0, i.Adjudication.Select(a => a.Reason))), eob.Adjudication.Select(a => a.Reason));
        var lines = Lines(facts, summary, rarcs, eob.Payment?.Amount?.Value).Select(d =>
        {
            var item = d.Line == 0 ? null : eob.Item.Find(i => i.Sequence == d.Line);
            return d with
            {
                Procedure = ProcedureCode(item?.ProductOrService),
                RenderingProvider = (item is null ? null : Rendering(team, item.CareTeamSequence.OfType<int>())) ?? rendering,
            };
        }).ToList();
        return new AdjudicationDecision(facts, lines);
    }

    public AdjudicationDecision Detect(ClaimResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var summary = AdjudicationReader.Read(response);
        var facts = Facts(response, response.Identifier, FhirValues.Literal(response.Status), FhirValues.Literal(response.Use), response.Request, response.Patient, response.Insurer, response.Requestor, summary);
        var rarcs = Rarcs(response.Item.Select(i => (i.ItemSequence ?? 0, i.Adjudication.Select(a => a.Reason))), response.Adjudication.Select(a => a.Reason));
        return new AdjudicationDecision(facts, Lines(facts, summary, rarcs, response.Payment?.Amount?.Value));
    }

    /// <summary>The rendering care-team member as the claim page and the scrubber choose it (<see cref="ClaimParties"/>), as a key.</summary>
    private static string? Rendering(IReadOnlyList<ClaimParties.Member> team, IEnumerable<int> sequences) =>
        ClaimParties.RenderingMember(team, sequences) is { Provider: var provider }
            ? FhirValues.IdOf(provider) ?? FhirValues.Truncate(provider?.Identifier?.Value, 64) ?? FhirValues.Truncate(provider?.Display, 64)
            : null;

    /// <summary>The CPT or HCPCS code of a line (upper case); null when it has none, e.g. only an NDC or revenue code.</summary>
    private static string? ProcedureCode(CodeableConcept? concept) =>
        concept?.Coding.Where(c => c.System is not null && ProcedureSystems.Contains(c.System))
            .Select(c => c.Code?.Trim())
            .FirstOrDefault(code => code is { Length: > 0 and <= 16 })?.ToUpperInvariant();

    private AdjudicationFacts Facts(
        DomainResource resource,
        List<Identifier> identifiers,
        string? status,
        string? use,
        ResourceReference? claim,
        ResourceReference? patient,
        ResourceReference? insurer,
        ResourceReference? provider,
        AdjudicationSummary summary)
    {
        var id = resource.Id ?? identifiers.FirstOrDefault(i => !string.IsNullOrEmpty(i.Value))?.Value ?? "";
        var lastUpdated = resource.Meta?.LastUpdated;
        return new AdjudicationFacts
        {
            ResourceType = resource.TypeName,
            ResourceId = id,
            VersionId = resource.Meta?.VersionId ?? lastUpdated?.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "",
            LastUpdated = lastUpdated,
            Status = status,
            Outcome = summary.FhirOutcome,
            Use = use,
            // A logical reference (an 835's CLP01 that is not a FHIR id) names the claim by identifier.
            ClaimId = FhirValues.IdOf(claim) ?? FhirValues.Truncate(claim?.Identifier?.Value, 64) ?? id,
            PatientId = FhirValues.IdOf(patient),
            PayerId = FhirValues.Truncate((payers ?? PayerDirectory.Empty).KeyOf(PayerIdentity.From(insurer)), 64),
            Provider = FhirValues.IdOf(provider) ?? FhirValues.Truncate(provider?.Display, 64),
            PayerName = FhirValues.Truncate(insurer?.Display, 200),
            ProviderName = FhirValues.Truncate(provider?.Display, 200),
            DecisionDate = summary.Date,
            Submitted = summary.SubmittedAmount,
            Paid = summary.PaidAmount,
            // A prior-authorization or predetermination answer is not a claim decision: no money was billed or denied.
            Ignored = use is "preauthorization" or "predetermination" ? $"{use} decision, not a claim adjudication" : null,
        };
    }

    private List<DetectedDenial> Lines(AdjudicationFacts facts, AdjudicationSummary summary, Dictionary<int, List<string>> rarcs, decimal? payment)
    {
        var found = new List<DetectedDenial>();
        if (facts.Ignored is not null || facts.Outcome == "queued" || facts.Status is "draft" or "entered-in-error")
        {
            return found;
        }

        var headerRarcs = rarcs.GetValueOrDefault(0) ?? [];
        if (facts.Status == "cancelled")
        {
            // The payer withdrew the whole adjudication: whatever it paid is reversed.
            found.Add(Row(0, DenialKind.Reversal, summary.Reasons.FirstOrDefault(r => r.IsCarc), headerRarcs, summary.PaidAmount ?? summary.SubmittedAmount ?? 0));
            return found;
        }

        if (facts.Outcome == "error")
        {
            found.Add(Row(0, DenialKind.Rejection, summary.Reasons.FirstOrDefault(r => r.IsCarc), headerRarcs, summary.SubmittedAmount ?? 0) with
            {
                ErrorCode = summary.ErrorCodes.Count > 0 ? string.Join(' ', summary.ErrorCodes) : null,
            });
            return found;
        }

        foreach (var line in summary.Lines)
        {
            var lineRarcs = (rarcs.GetValueOrDefault(line.Sequence) ?? []).Concat(headerRarcs).Distinct(StringComparer.Ordinal).ToList();
            var denying = line.Reasons.FirstOrDefault(r => r.IsDenial);
            var reversing = line.Reasons.FirstOrDefault(r => r.GroupCode == "CR");
            if (line.Paid < 0)
            {
                // A negative charge with negative benefit voids a line paid earlier (void and replace); negative
                // benefit alone takes money back.
                var kind = line.Submitted < 0 ? DenialKind.Reversal : DenialKind.Recoupment;
                found.Add(Row(line.Sequence, kind, reversing ?? denying, lineRarcs, -line.Paid.Value));
            }
            else if (reversing is not null && (line.Paid ?? 0) == 0)
            {
                found.Add(Row(line.Sequence, DenialKind.Reversal, reversing, lineRarcs, Math.Abs(reversing.Amount ?? line.Submitted ?? 0)));
            }
            else if (line.Denied && denying is not null)
            {
                // Medicare returns unprocessable claims as CO-16 + MA130: a rejection with no appeal rights.
                var kind = denying.Code == "16" && lineRarcs.Contains("MA130") ? DenialKind.Rejection : DenialKind.Denial;
                var denied = line.Reasons.Where(r => r.IsDenial).Sum(r => r.Amount ?? 0);
                found.Add(Row(line.Sequence, kind, denying, lineRarcs, denied > 0 ? denied : line.Submitted ?? 0));
            }
            else if (facts.Outcome == "partial" && line.Paid == 0 && line.Submitted > 0 && line.Reasons.Count == 0)
            {
                // Partial outcome, nothing paid on this line and no reason given: still money to chase.
                found.Add(Row(line.Sequence, DenialKind.Denial, null, lineRarcs, line.Submitted.Value));
            }
        }

        if (found.Count == 0)
        {
            // Institutional EOBs often give reasons at the header only.
            var headerDenial = summary.Reasons.FirstOrDefault(r => r.LineSequence is null && r.IsDenial);
            if (headerDenial is not null && (summary.PaidAmount ?? 0) == 0)
            {
                // 835s carry Medicare's MA130 at claim level (MOA): CO-16 + MA130 is a rejection there too.
                var kind = headerDenial.Code == "16" && headerRarcs.Contains("MA130") ? DenialKind.Rejection : DenialKind.Denial;
                found.Add(Row(0, kind, headerDenial, headerRarcs, summary.SubmittedAmount ?? headerDenial.Amount ?? 0));
            }
            else if (payment < 0)
            {
                found.Add(Row(0, DenialKind.Recoupment, null, headerRarcs, -payment.Value));
            }
        }

        return found;
    }

    private DetectedDenial Row(int line, DenialKind kind, AdjudicationReason? reason, IReadOnlyList<string> rarcs, decimal amount)
    {
        var carc = reason is { IsCarc: true } ? reason.Code : null;
        return new DetectedDenial
        {
            Line = line,
            Kind = kind,
            Carc = carc,
            Group = carc is null ? null : reason!.GroupCode,
            Rarcs = rarcs,
            Amount = amount,
            Cause = causes.Classify(carc, rarcs),
        };
    }

    // RARCs by line (0 = header), from any adjudication reason coding in a remark-code system.
    private static Dictionary<int, List<string>> Rarcs(IEnumerable<(int Sequence, IEnumerable<CodeableConcept?> Reasons)> items, IEnumerable<CodeableConcept?> header)
    {
        var byLine = new Dictionary<int, List<string>>();
        foreach (var (sequence, reasons) in items.Append((0, header)))
        {
            foreach (var coding in reasons.Where(r => r is not null).SelectMany(r => r!.Coding))
            {
                if (IsRarcSystem(coding.System) && coding.Code is { Length: >= 2 and <= 6 } code && char.IsLetter(code[0]) && char.IsDigit(code[^1]))
                {
                    var list = byLine.TryGetValue(sequence, out var existing) ? existing : byLine[sequence] = [];
                    list.Add(code.ToUpperInvariant());
                }
            }
        }

        return byLine;
    }

    private static bool IsRarcSystem(string? system) =>
        system is not null
        && (system.Contains("remittance-advice-remark", StringComparison.OrdinalIgnoreCase)
            || system.EndsWith("rarc", StringComparison.OrdinalIgnoreCase));
}
