using FhirApp.Core.Claims;
using FhirApp.Core.Scrubbing.Rules;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Scrubbing.Learned;

/// <summary>
/// What <see cref="ClaimFeatureReader"/> reads again and again when it reads every claim of one patient record: each
/// claim's lines and each prior-authorization response, read once. One per record; not thread-safe.
/// </summary>
internal sealed class RecordMemo(PatientRecord record)
{
    private readonly Dictionary<Claim, IReadOnlyList<ClaimLineFacts>> _lines = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<ClaimResponse, AuthRecord?> _auths = new(ReferenceEqualityComparer.Instance);

    public IReadOnlyList<ClaimLineFacts> LinesOf(Claim claim)
    {
        if (!_lines.TryGetValue(claim, out var lines))
        {
            lines = ClaimFacts.LinesOf(claim);
            _lines[claim] = lines;
        }

        return lines;
    }

    public AuthRecord? AuthOf(ClaimResponse response)
    {
        if (!_auths.TryGetValue(response, out var auth))
        {
            auth = AuthRecord.From(response, record);
            _auths[response] = auth;
        }

        return auth;
    }
}
