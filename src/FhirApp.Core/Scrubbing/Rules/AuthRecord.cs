using FhirApp.Core.Claims;
using FhirApp.Core.Claims.Fhir;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Scrubbing.Rules;

/// <summary>
/// A prior authorization on file (a ClaimResponse with use = preauthorization, Da Vinci PAS shape), reduced to what the
/// auth checks compare: its number, its period and the approved units per procedure code (a missing quantity counts as 1, as in X12 278).
/// Items the payer did not certify (PAS reviewActionCode A3) are kept apart; responses with outcome error are not approvals.
/// Not read: modified (A6) quantities in item adjudication; the requested quantity stands in for the approved one.
/// </summary>
internal sealed record AuthRecord(
    string? Number, DateOnly? Start, DateOnly? End, IReadOnlyDictionary<string, decimal> Units, IReadOnlySet<string> NotCertified, string? InsurerKey)
{
    private const string NotCertifiedCode = "A3";

    public bool Covers(DateOnly date) => (Start is not { } s || s <= date) && (End is not { } e || date <= e);

    public static AuthRecord? From(ClaimResponse response, PatientRecord record)
    {
        if (response.Outcome == ClaimProcessingCodes.Error)
        {
            return null;
        }
        var request = record.Resolve<Claim>(response.Request, response);
        var units = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        var notCertified = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        void Add(CodeableConcept? product, Quantity? quantity, bool certified = true)
        {
            if (FhirValues.Code(product, FhirValues.ProcedureSystems)?.Trim().ToUpperInvariant() is not { Length: > 0 } code)
            {
                return;
            }
            if (!certified)
            {
                notCertified.Add(code);
                return;
            }
            var value = quantity?.Value ?? 1m;
            // Two approved lines for one code add up.
            units[code] = units.GetValueOrDefault(code) + value;
        }

        foreach (var item in response.Item)
        {
            var requested = request?.Item.Find(i => i.Sequence == item.ItemSequence);
            Add(requested?.ProductOrService, requested?.Quantity, !IsNotCertified(item.Extension));
        }
        foreach (var added in response.AddItem)
        {
            Add(added.ProductOrService, added.Quantity, !IsNotCertified(added.Extension));
        }
        if (response.Item.Count == 0 && response.AddItem.Count == 0 && request is not null)
        {
            foreach (var requested in request.Item)
            {
                Add(requested.ProductOrService, requested.Quantity);
            }
        }
        return new AuthRecord(
            string.IsNullOrWhiteSpace(response.PreAuthRef) ? null : response.PreAuthRef.Trim(),
            FhirValues.ToDate(response.PreAuthPeriod?.Start),
            FhirValues.ToDate(response.PreAuthPeriod?.End),
            units,
            notCertified,
            record.KeyOf(response.Insurer, response));
    }

    private static bool IsNotCertified(IEnumerable<Extension> extensions) =>
        extensions.Any(e => (e.Url?.EndsWith("reviewActionCode", StringComparison.Ordinal) == true
                && e.Value is CodeableConcept cc && cc.Coding.Exists(c => c.Code == NotCertifiedCode))
            || IsNotCertified(e.Extension));
}
