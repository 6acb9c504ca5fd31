using FhirApp.Core.Claims.Fhir;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace FhirApp.Core.Claims;

/// <summary>
/// Builds one <see cref="ClaimContext"/> per Claim (use = claim) in a <see cref="PatientRecord"/>, plus one per
/// ExplanationOfBenefit that has no Claim in the record (payer EOB APIs send EOBs alone). Pure and linear: every
/// lookup goes through indexes built once per call.
/// </summary>
public sealed class ClaimContextBuilder
{
    /// <summary>Notes dated this many days either side of the service dates belong to the claim (default 7).</summary>
    public int NoteWindowDays { get; init; } = 7;

    /// <summary>Builds the contexts, Claims first (in record order), then EOB-only ones.</summary>
    public IReadOnlyList<ClaimContext> Build(PatientRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var index = new Index(record, NoteWindowDays);
        var contexts = new List<ClaimContext>();
        foreach (var claim in index.Claims)
        {
            contexts.Add(index.ForClaim(claim));
        }

        foreach (var eob in index.UnmatchedEobs)
        {
            contexts.Add(index.ForEob(eob));
        }

        return contexts;
    }

    /// <summary>The context of one claim (by Claim id, or EOB id for an EOB without a Claim), or null.</summary>
    public ClaimContext? Build(PatientRecord record, string id)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(id);
        var index = new Index(record, NoteWindowDays);
        if (index.Claims.Find(c => c.Id == id) is { } claim)
        {
            return index.ForClaim(claim);
        }

        return index.UnmatchedEobs.Find(e => e.Id == id) is { } eob ? index.ForEob(eob) : null;
    }

    /// <summary>Per-call indexes over the record.</summary>
    private sealed class Index
    {
        private readonly PatientRecord _record;
        private readonly int _noteWindowDays;
        private readonly Dictionary<string, List<ClaimResponse>> _responsesByClaim = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<ExplanationOfBenefit>> _eobsByClaim = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<ClaimResponse>> _priorAuthsByPatient = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<DatedNote>> _notesByPatient = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<DocumentReference>> _notesByRelated = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<DatedClaim>> _claimsByPatient = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Claim[]> _sortedClaimsByPatient = new(StringComparer.Ordinal);

        public Index(PatientRecord record, int noteWindowDays)
        {
            _record = record;
            _noteWindowDays = noteWindowDays;
            Claims = record.OfType<Claim>().Where(c => c.Use is null or ClaimUseCode.Claim).ToList();
            IndexClaims();
            IndexResponses();
            IndexEobs();
            IndexNotes();
        }

        public List<Claim> Claims { get; }

        public List<ExplanationOfBenefit> UnmatchedEobs { get; } = [];

        public ClaimContext ForClaim(Claim claim)
        {
            var key = FhirReference.KeyOf(claim) ?? claim.Annotation<FhirResourceOrigin>()?.FullUrl ?? "Claim/#" + Claims.IndexOf(claim);
            var responses = _responsesByClaim.GetValueOrDefault(key) ?? [];
            foreach (var insurance in claim.Insurance)
            {
                if (_record.Resolve<ClaimResponse>(insurance.ClaimResponse, claim) is { } linked && !responses.Contains(linked))
                {
                    responses = [.. responses, linked];
                }
            }

            return Build(key, BilledClaim.From(claim), claim, null, responses, _eobsByClaim.GetValueOrDefault(key) ?? []);
        }

        public ClaimContext ForEob(ExplanationOfBenefit eob)
        {
            var responses = _record.Resolve<ClaimResponse>(eob.ClaimResponse, eob) is { } response ? new List<ClaimResponse> { response } : [];
            return Build("ExplanationOfBenefit/" + eob.Id, BilledClaim.From(eob), null, eob, responses, [eob]);
        }

        private ClaimContext Build(
            string key,
            BilledClaim billed,
            Claim? claim,
            ExplanationOfBenefit? sourceEob,
            List<ClaimResponse> responses,
            List<ExplanationOfBenefit> eobs)
        {
            var container = billed.Resource;
            var patientKey = _record.KeyOf(billed.Patient, container);
            var serviceDate = billed.ServiceDate;
            var coverages = billed.Coverages
                .OrderByDescending(i => i.Focal)
                .Select(i => _record.Resolve<Coverage>(i.Coverage, container))
                .OfType<Coverage>()
                .Distinct()
                .ToList();
            var payer = _record.Resolve<Organization>(billed.Insurer, container)
                ?? coverages.SelectMany(c => c.Payor.Select(p => _record.Resolve<Organization>(p, c))).FirstOrDefault(o => o is not null);
            // A Claim without a care team (Synthea) borrows the one its EOB reports.
            var team = billed.CareTeam.Count > 0
                ? billed
                : eobs.Select(BilledClaim.From).FirstOrDefault(e => e.CareTeam.Count > 0) ?? billed;
            var practitioners = team.CareTeam
                .OrderBy(m => m.Sequence)
                .Select(m => PractitionerOf(_record.Resolve(m.Provider, team.Resource)))
                .OfType<Practitioner>()
                .Distinct()
                .ToList();

            return new ClaimContext
            {
                Key = key,
                Claim = claim,
                SourceEob = sourceEob,
                Patient = _record.Resolve<Patient>(billed.Patient, container),
                Coverages = coverages,
                Payer = payer,
                BillingProvider = _record.Resolve(billed.Provider, container),
                Practitioners = practitioners,
                ClaimResponses = responses,
                ExplanationsOfBenefit = eobs,
                PriorAuthorizations = PriorAuthorizations(patientKey, billed, serviceDate),
                Notes = Notes(key, patientKey, billed),
                EarlierClaims = EarlierClaims(patientKey, serviceDate),
                SameDayClaims = SameDayClaims(patientKey, serviceDate, claim),
                PatientPriorAuthorizations = patientKey is not null && _priorAuthsByPatient.TryGetValue(patientKey, out var auths) ? auths : [],
                ServiceDate = serviceDate,
                Record = _record,
            };
        }

        private Practitioner? PractitionerOf(Resource? resource) => resource switch
        {
            Practitioner practitioner => practitioner,
            PractitionerRole role => _record.Resolve<Practitioner>(role.Practitioner, role),
            _ => null,
        };

        private void IndexClaims()
        {
            foreach (var claim in Claims)
            {
                if (_record.KeyOf(claim.Patient, claim) is { } patientKey)
                {
                    Add(_claimsByPatient, patientKey, new DatedClaim(claim, BilledClaim.From(claim).ServiceDate));
                }
            }

            // Dated claims in date order, undated last, so "earlier claims" is a prefix shared without copying.
            foreach (var (patientKey, list) in _claimsByPatient)
            {
                list.Sort((a, b) => (a.ServiceDate, b.ServiceDate) switch
                {
                    (null, null) => 0,
                    (null, _) => 1,
                    (_, null) => -1,
                    ({ } x, { } y) => x.CompareTo(y),
                });
                _sortedClaimsByPatient[patientKey] = [.. list.Select(c => c.Claim)];
            }
        }

        private void IndexResponses()
        {
            foreach (var response in _record.OfType<ClaimResponse>())
            {
                var target = _record.Resolve<Claim>(response.Request, response);
                if (response.Use == ClaimUseCode.Preauthorization || target?.Use == ClaimUseCode.Preauthorization)
                {
                    if (_record.KeyOf(response.Patient, response) is { } patientKey)
                    {
                        Add(_priorAuthsByPatient, patientKey, response);
                    }

                    continue;
                }

                if (target is not null && FhirReference.KeyOf(target) is { } claimKey)
                {
                    Add(_responsesByClaim, claimKey, response);
                }
            }
        }

        private void IndexEobs()
        {
            foreach (var eob in _record.OfType<ExplanationOfBenefit>())
            {
                if (eob.Use == ClaimUseCode.Preauthorization)
                {
                    continue;
                }

                var target = _record.Resolve<Claim>(eob.Claim, eob) ?? ClaimSharingIdentifier(eob);
                if (target is not null && target.Use is null or ClaimUseCode.Claim && FhirReference.KeyOf(target) is { } claimKey)
                {
                    Add(_eobsByClaim, claimKey, eob);
                }
                else
                {
                    UnmatchedEobs.Add(eob);
                }
            }
        }

        private Claim? ClaimSharingIdentifier(ExplanationOfBenefit eob)
        {
            foreach (var identifier in eob.Identifier)
            {
                if (string.IsNullOrEmpty(identifier.System) || string.IsNullOrEmpty(identifier.Value))
                {
                    continue;
                }

                // Exact system and value only: bare values are too often reused across resource kinds.
                var match = _record.FindAllByIdentifier(identifier.System, identifier.Value, "Claim")
                    .OfType<Claim>()
                    .FirstOrDefault(c => c.Identifier.Exists(i => i.System == identifier.System && i.Value == identifier.Value));
                if (match is not null)
                {
                    return match;
                }
            }

            return null;
        }

        private void IndexNotes()
        {
            foreach (var note in _record.OfType<DocumentReference>())
            {
                if (note.Status == DocumentReferenceStatus.EnteredInError)
                {
                    continue;
                }

                if (_record.KeyOf(note.Subject, note) is { } patientKey)
                {
                    Add(_notesByPatient, patientKey, new DatedNote(note, FhirValues.ToDate(note.Date) ?? FhirValues.StartDate(note.Context?.Period)));
                }

                foreach (var related in (note.Context?.Related ?? []).Concat(note.Context?.Encounter ?? []))
                {
                    if (_record.KeyOf(related, note) is { } relatedKey)
                    {
                        Add(_notesByRelated, relatedKey, note);
                    }
                }
            }

            foreach (var list in _notesByPatient.Values)
            {
                list.Sort((a, b) => Nullable.Compare(a.Date, b.Date));
            }
        }

        private List<DocumentReference> Notes(string claimKey, string? patientKey, BilledClaim billed)
        {
            var found = new List<DocumentReference>();
            var seen = new HashSet<DocumentReference>(ReferenceEqualityComparer.Instance);
            void Take(IEnumerable<DocumentReference> notes)
            {
                foreach (var note in notes)
                {
                    if (seen.Add(note))
                    {
                        found.Add(note);
                    }
                }
            }

            Take(_notesByRelated.GetValueOrDefault(claimKey) ?? []);
            foreach (var encounter in billed.Encounters)
            {
                if (_record.KeyOf(encounter, billed.Resource) is { } encounterKey)
                {
                    Take(_notesByRelated.GetValueOrDefault(encounterKey) ?? []);
                }
            }

            if (patientKey is not null && billed.ServiceDate is { } first && _notesByPatient.TryGetValue(patientKey, out var dated))
            {
                var from = first.AddDays(-_noteWindowDays);
                var to = (billed.LastServiceDate ?? first).AddDays(_noteWindowDays);
                var start = LowerBound(dated, from);
                for (var i = start; i < dated.Count && dated[i].Date <= to; i++)
                {
                    Take([dated[i].Note]);
                }
            }

            return found;
        }

        private static int LowerBound(List<DatedNote> notes, DateOnly from)
        {
            // Undated notes sort first (null < any date) and are never "near" a date of service.
            int low = 0, high = notes.Count;
            while (low < high)
            {
                var mid = (low + high) / 2;
                if (notes[mid].Date is not { } date || date < from)
                {
                    low = mid + 1;
                }
                else
                {
                    high = mid;
                }
            }

            return low;
        }

        private List<ClaimResponse> PriorAuthorizations(string? patientKey, BilledClaim billed, DateOnly? serviceDate)
        {
            if (patientKey is null || !_priorAuthsByPatient.TryGetValue(patientKey, out var candidates))
            {
                return [];
            }

            var refs = billed.Coverages.SelectMany(c => c.PreAuthRefs).ToHashSet(StringComparer.Ordinal);
            var codes = billed.Lines.Select(l => FhirValues.Code(l.ProductOrService, FhirValues.ProcedureSystems)).OfType<string>().ToHashSet(StringComparer.Ordinal);
            return candidates.Where(response =>
                (response.PreAuthRef is { } preAuthRef && refs.Contains(preAuthRef))
                || (serviceDate is { } date && Covers(response.PreAuthPeriod, date))
                || (response.PreAuthPeriod is null && _record.Resolve<Claim>(response.Request, response) is { } request
                    && request.Item.Exists(i => FhirValues.Code(i.ProductOrService, FhirValues.ProcedureSystems) is { } code && codes.Contains(code))))
                .ToList();
        }

        private static bool Covers(Period? period, DateOnly date) =>
            period is not null
            && (FhirValues.ToDate(period.Start) is not { } start || start <= date)
            && (FhirValues.ToDate(period.End) is not { } end || date <= end)
            && (period.Start is not null || period.End is not null);

        private ArraySegment<Claim> EarlierClaims(string? patientKey, DateOnly? serviceDate)
        {
            if (patientKey is null || serviceDate is not { } date || !_claimsByPatient.TryGetValue(patientKey, out var dated))
            {
                return ArraySegment<Claim>.Empty;
            }

            return new ArraySegment<Claim>(_sortedClaimsByPatient[patientKey], 0, LowerBound(dated, date));
        }

        private List<Claim> SameDayClaims(string? patientKey, DateOnly? serviceDate, Claim? self)
        {
            if (patientKey is null || serviceDate is not { } date || !_claimsByPatient.TryGetValue(patientKey, out var dated))
            {
                return [];
            }

            // Dated claims are sorted: the same-day ones start where the earlier ones end.
            var found = new List<Claim>();
            for (var i = LowerBound(dated, date); i < dated.Count && dated[i].ServiceDate == date; i++)
            {
                if (!ReferenceEquals(dated[i].Claim, self))
                {
                    found.Add(dated[i].Claim);
                }
            }

            return found;
        }

        private static int LowerBound(List<DatedClaim> dated, DateOnly date)
        {
            int low = 0, high = dated.Count;
            while (low < high)
            {
                var mid = (low + high) / 2;
                if (dated[mid].ServiceDate is { } other && other < date)
                {
                    low = mid + 1;
                }
                else
                {
                    high = mid;
                }
            }

            return low;
        }

        private static void Add<T>(Dictionary<string, List<T>> map, string key, T value)
        {
            if (!map.TryGetValue(key, out var list))
            {
                list = [];
                map[key] = list;
            }

            list.Add(value);
        }

        private sealed record DatedNote(DocumentReference Note, DateOnly? Date);

        private sealed record DatedClaim(Claim Claim, DateOnly? ServiceDate);
    }
}
