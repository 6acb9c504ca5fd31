using Hl7.Fhir.Model;

namespace FhirApp.Core.Claims.Fhir;

/// <summary>Reads amounts and reasons out of a ClaimResponse or an ExplanationOfBenefit into one shape.</summary>
internal static class AdjudicationReader
{
    private const string CarinDiscriminatorSystem = "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudicationDiscriminator";
    private const string AdjudicationReasonSystem = "http://terminology.hl7.org/CodeSystem/adjudication-reason";

    // CARIN slices whose reason is an adjustment/denial code (STU1 "denialreason", STU2 "adjustmentreason", pharmacy "rejectreason").
    private static readonly HashSet<string> ReasonCategories = new(StringComparer.Ordinal) { "denialreason", "adjustmentreason", "rejectreason" };

    public static AdjudicationSummary Read(ClaimResponse response)
    {
        var items = response.Item.Select(i => (i.ItemSequence ?? 0, i.Adjudication.Select(a => new Entry(a.Category, a.Reason, a.Amount)).ToList()));
        var header = response.Adjudication.Select(a => new Entry(a.Category, a.Reason, a.Amount)).ToList();
        var totals = response.Total.Select(t => ((CodeableConcept?)t.Category, (Money?)t.Amount)).ToList();
        var errors = response.Error.Select(e => FhirValues.Code(e.Code)).OfType<string>().ToList();
        return Build(
            "ClaimResponse/" + response.Id,
            FhirValues.Literal(response.Outcome),
            FhirValues.ToDate(response.Created),
            response.Disposition,
            items,
            header,
            totals,
            response.Payment?.Amount,
            errors,
            response.ProcessNote.Select(n => n.Text).OfType<string>().ToList());
    }

    public static AdjudicationSummary Read(ExplanationOfBenefit eob)
    {
        var items = eob.Item.Select(i => (i.Sequence ?? 0, i.Adjudication.Select(a => new Entry(a.Category, a.Reason, a.Amount)).ToList()));
        var header = eob.Adjudication.Select(a => new Entry(a.Category, a.Reason, a.Amount)).ToList();
        var totals = eob.Total.Select(t => ((CodeableConcept?)t.Category, (Money?)t.Amount)).ToList();
        return Build(
            "ExplanationOfBenefit/" + eob.Id,
            FhirValues.Literal(eob.Outcome),
            FhirValues.ToDate(eob.Created),
            eob.Disposition,
            items,
            header,
            totals,
            eob.Payment?.Amount,
            [],
            eob.ProcessNote.Select(n => n.Text).OfType<string>().ToList());
    }

    /// <summary>The reason of one adjudication entry, or null when it carries none worth showing.</summary>
    public static AdjudicationReason? ReadReason(CodeableConcept? category, CodeableConcept? reason, Money? amount, int? line)
    {
        if (reason is null || reason.Coding.Count == 0)
        {
            return null;
        }

        var categories = FhirValues.Codes(category).ToList();
        var isReasonSlice = categories.Exists(ReasonCategories.Contains);
        string? group = null;
        string? carc = null;
        string? carcSystem = null;
        string? display = null;
        foreach (var coding in reason.Coding)
        {
            var code = coding.Code?.Trim();
            if (string.IsNullOrEmpty(code))
            {
                continue;
            }

            if (DenialClassifier.IsGroupSystem(coding.System) && DenialClassifier.IsGroupCode(code.ToUpperInvariant()))
            {
                group ??= code.ToUpperInvariant();
            }
            else if (DenialClassifier.IsCarcSystem(coding.System) && DenialClassifier.LooksLikeCarc(code.ToUpperInvariant()))
            {
                if (carc is null)
                {
                    carc = code.ToUpperInvariant();
                    carcSystem = coding.System;
                }

                display ??= string.Equals(code, carc, StringComparison.OrdinalIgnoreCase) ? coding.Display : null;
            }
            else if (DenialClassifier.TrySplitGroupAndCarc(code.ToUpperInvariant(), out var splitGroup, out var splitCarc) && carc is null)
            {
                group ??= splitGroup;
                carc = splitCarc;
                carcSystem = coding.System;
                display ??= coding.Display;
            }
            else if (isReasonSlice && !DenialClassifier.IsCarcSystem(coding.System) && carc is null
                && coding.System is { } system && system.Contains("x12", StringComparison.OrdinalIgnoreCase)
                && !system.Contains("remittance-advice-remark", StringComparison.OrdinalIgnoreCase) // N54, M76: RARCs, not CARCs
                && DenialClassifier.LooksLikeCarc(code.ToUpperInvariant()))
            {
                carc = code.ToUpperInvariant();
                carcSystem = coding.System;
                display ??= coding.Display;
            }
        }

        if (carc is not null)
        {
            group ??= DenialClassifier.ImpliedGroup(carc) ?? ImpliedGroupFromCategory(categories);
            return new AdjudicationReason
            {
                GroupCode = group,
                Code = carc,
                System = carcSystem,
                Display = FhirValues.Truncate(reason.Text ?? display ?? FhirValues.Display(reason), 160),
                IsCarc = true,
                IsDenial = DenialClassifier.IsDenial(group, carc, isCarc: true, carcSystem),
                Amount = amount?.Value,
                LineSequence = line,
            };
        }

        // Not a CARC: keep payer reasons from the reason slices (e.g. NCPDP reject codes) and THO adjudication-reason.
        var other = reason.Coding.Find(c => !string.IsNullOrEmpty(c.Code)
            && (c.System == AdjudicationReasonSystem || (isReasonSlice && c.System is { } s && s.Contains("NCPDP", StringComparison.OrdinalIgnoreCase))));
        if (other is null)
        {
            return null;
        }

        return new AdjudicationReason
        {
            Code = other.Code!,
            System = other.System,
            Display = FhirValues.Truncate(reason.Text ?? other.Display, 160),
            IsCarc = false,
            IsDenial = DenialClassifier.IsDenial(null, other.Code!, isCarc: false, other.System),
            Amount = amount?.Value,
            LineSequence = line,
        };
    }

    private static string? ImpliedGroupFromCategory(List<string> categories) =>
        categories.Exists(c => c is "deductible" or "coinsurance" or "copay") ? "PR" : null;

    private static AdjudicationSummary Build(
        string source,
        string? outcome,
        DateOnly? date,
        string? disposition,
        IEnumerable<(int Sequence, List<Entry> Entries)> items,
        List<Entry> header,
        List<(CodeableConcept? Category, Money? Amount)> totals,
        Money? payment,
        IReadOnlyList<string> errors,
        IReadOnlyList<string> processNotes)
    {
        var currency = totals.Select(t => FhirValues.Currency(t.Amount)).FirstOrDefault(c => c is not null) ?? FhirValues.Currency(payment);
        var headerPaid = Paid(totals.Select(t => (t.Category, t.Amount?.Value)).ToList()) ?? payment?.Value;
        var lines = new List<LineAdjudication>();
        var reasons = new List<AdjudicationReason>();
        foreach (var (sequence, entries) in items)
        {
            if (entries.Count == 0)
            {
                continue;
            }

            currency ??= entries.Select(e => FhirValues.Currency(e.Amount)).FirstOrDefault(c => c is not null);
            var amounts = entries.Select(e => (e.Category, e.Amount?.Value)).ToList();
            var lineReasons = entries.Select(e => ReadReason(e.Category, e.Reason, e.Amount, sequence)).OfType<AdjudicationReason>().ToList();
            reasons.AddRange(lineReasons);
            var paid = Paid(amounts);
            lines.Add(new LineAdjudication
            {
                Sequence = sequence,
                Submitted = Amount(amounts, "submitted"),
                Allowed = Amount(amounts, "eligible") ?? Amount(amounts, "allowed"),
                Paid = paid,
                Deductible = Amount(amounts, "deductible"),
                Coinsurance = Amount(amounts, "coinsurance"),
                Copay = Amount(amounts, "copay"),
                Reasons = lineReasons,
                Denied = DenialClassifier.IsLineDenied(lineReasons, paid, headerPaid),
            });
        }

        var headerReasons = header.Select(e => ReadReason(e.Category, e.Reason, e.Amount, null)).OfType<AdjudicationReason>().ToList();
        reasons.AddRange(headerReasons);
        var paidTotal = headerPaid ?? (lines.Exists(l => l.Paid is not null) ? lines.Sum(l => l.Paid ?? 0) : null);
        return new AdjudicationSummary
        {
            Source = source,
            FhirOutcome = outcome,
            Outcome = DenialClassifier.ClassifyOutcome(outcome, lines, headerReasons, paidTotal),
            Date = date,
            Disposition = disposition,
            SubmittedAmount = Amount(totals.Select(t => (t.Category, t.Amount?.Value)).ToList(), "submitted")
                ?? (lines.Exists(l => l.Submitted is not null) ? lines.Sum(l => l.Submitted ?? 0) : null),
            PaidAmount = paidTotal,
            Currency = currency,
            Totals = totals
                .Select(t => new AdjudicationTotal(FhirValues.Code(t.Category) ?? "unknown", FhirValues.Display(t.Category), t.Amount?.Value, FhirValues.Currency(t.Amount)))
                .ToList(),
            Lines = lines,
            Reasons = reasons,
            ErrorCodes = errors,
            ProcessNotes = processNotes,
        };
    }

    // Benefit when given; else paid to provider plus paid to patient (CARIN); else the BFD/THO "payment" category.
    private static decimal? Paid(List<(CodeableConcept? Category, decimal? Value)> amounts) =>
        Amount(amounts, "benefit")
        ?? Sum(Amount(amounts, "paidtoprovider"), Amount(amounts, "paidtopatient"))
        ?? Amount(amounts, "payment");

    private static decimal? Sum(decimal? a, decimal? b) => a is null && b is null ? null : (a ?? 0) + (b ?? 0);

    private static decimal? Amount(List<(CodeableConcept? Category, decimal? Value)> amounts, string category)
    {
        decimal? total = null;
        foreach (var (concept, value) in amounts)
        {
            if (value is not null && FhirValues.HasCode(concept, category))
            {
                total = (total ?? 0) + value;
            }
        }

        return total;
    }

    private sealed record Entry(CodeableConcept? Category, CodeableConcept? Reason, Money? Amount);
}
