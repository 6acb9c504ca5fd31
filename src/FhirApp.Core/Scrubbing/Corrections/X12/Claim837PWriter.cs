using System.Globalization;
using FhirApp.Core.Claims;
using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Common.X12;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Scrubbing.Corrections.X12;

/// <summary>
/// Writes an accepted corrected-claim draft as an 837P (005010X222A1) replacement (CLM05-3 = 7) or void (8) with the
/// payer's original claim number in REF*F8, then reads it back with <see cref="Claim837PValidator"/>: only a file that
/// passes is returned. The FHIR draft stays the source of truth; the file is derived from it each time. Hand-written
/// because no X12 library is served here.
/// </summary>
public sealed class Claim837PWriter(TimeProvider clock)
{
    private const string TaxIdSystem = "urn:oid:2.16.840.1.113883.4.4";
    private const string TaxonomySystem = "http://nucc.org/provider-taxonomy";

    private static readonly HashSet<string> RenderingRoles = new(StringComparer.OrdinalIgnoreCase) { "rendering", "performing", "primary" };

    public Claim837PResult Write(Claim draft, ClaimContext context, Submitter837Options options, ClaimFrequency frequency = ClaimFrequency.Replacement, string? payerClaimNumber = null)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var missing = new List<string>();
        var data = Gather(draft, context, options, frequency, payerClaimNumber, missing);
        if (missing.Count > 0 || data is null)
        {
            return new Claim837PResult { Issues = [.. missing.Select(m => new X12Issue(0, "", m))] };
        }

        var text = Build(data, options);
        var validation = Claim837PValidator.Validate(text);
        if (!validation.IsValid)
        {
            return new Claim837PResult { Issues = validation.Issues };
        }

        var safe = new string([.. data.PatientControlNumber.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '-')]);
        return new Claim837PResult
        {
            Content = text,
            FileName = $"{safe}-{(int)frequency}-{data.ControlNumberText}.837",
            Claim = validation.Claims[0],
        };
    }

    private Data? Gather(Claim draft, ClaimContext context, Submitter837Options options, ClaimFrequency frequency, string? payerClaimNumber, List<string> missing)
    {
        var billing = context.BillingProvider;
        var billingNpi = Npi(billing);
        var billingAddress = (billing as Organization)?.Address.FirstOrDefault() ?? (billing as Practitioner)?.Address.FirstOrDefault();
        var zip = options.BillingProviderZip ?? Digits(billingAddress?.PostalCode);
        var taxId = Digits((billing as Organization)?.Identifier.Find(i => i.System == TaxIdSystem || FhirValues.HasCode(i.Type, "TAX"))?.Value);
        Require(billing is Organization or Practitioner, "The claim names no billing provider.", missing);
        Require(billingNpi is not null, "The billing provider has no NPI.", missing);
        Require(billingAddress?.Line.FirstOrDefault() is not null && billingAddress.City is not null && billingAddress.State is not null, "The billing provider's address is incomplete (street, city and state).", missing);
        Require(zip.Length == 9, "The billing provider's ZIP code needs all nine digits (ZIP+4) on an 837P; the practice's record has " + (zip.Length == 0 ? "none" : $"{zip.Length} digits") + ".", missing);
        Require(taxId.Length == 9, "The billing provider has no nine-digit tax id (EIN).", missing);

        var coverage = context.Coverages.Count > 0 ? context.Coverages[0] : null;
        var payer = context.Payer;
        var payerId = payer?.Identifier.Find(i => FhirValues.HasCode(i.Type, "NIIP") || (i.System?.Contains("payer-id", StringComparison.OrdinalIgnoreCase) ?? false) || (i.System?.Contains("payerid", StringComparison.OrdinalIgnoreCase) ?? false))?.Value;
        Require(coverage is not null, "The claim bills no coverage.", missing);
        Require(payer?.Name is not null && payerId is not null, "The payer has no name or no payer id (the id the clearinghouse routes by).", missing);
        var subscriberId = coverage?.SubscriberId ?? coverage?.Identifier.FirstOrDefault()?.Value;
        Require(subscriberId is not null, "The coverage has no member id.", missing);
        var self = coverage?.Relationship is null || FhirValues.HasCode(coverage.Relationship, "self");
        var patient = Person.Of(context.Patient);
        var subscriber = self ? patient : Person.Of(context.Record.Resolve(coverage!.Subscriber));
        Require(patient?.Last is not null && patient.BirthDate is not null, "The patient's name or date of birth is missing.", missing);
        Require(patient?.Address?.Line.FirstOrDefault() is not null && patient.Address.City is not null, "The patient's address is missing.", missing);
        Require(subscriber?.Last is not null, "The subscriber of the coverage cannot be found.", missing);

        var number = payerClaimNumber ?? PayerClaimNumber(context);
        if (frequency != ClaimFrequency.Original)
        {
            Require(number is not null, "The payer's original claim number is not known: a replacement or void must quote it.", missing);
        }

        var pcn = draft.Identifier.FirstOrDefault(i => !string.IsNullOrWhiteSpace(i.Value))?.Value?.Trim() ?? draft.Id;
        Require(pcn is { Length: > 0 and <= 38 }, "The claim's number (patient control number) is missing or longer than 38 characters.", missing);

        var diagnoses = draft.Diagnosis.OrderBy(d => d.Sequence ?? int.MaxValue)
            .Select(d => (d.Sequence, Code: (d.Diagnosis as CodeableConcept) is { } cc ? FhirValues.Code(cc, FhirValues.DiagnosisSystems) : null))
            .Where(d => d.Code is not null)
            .ToList();
        Require(diagnoses.Count > 0, "The claim has no ICD-10-CM diagnosis.", missing);
        Require(diagnoses.Count <= 12, "An 837P claim carries at most 12 diagnoses.", missing);

        var lines = new List<LineData>();
        foreach (var item in draft.Item.OrderBy(i => i.Sequence ?? int.MaxValue))
        {
            var label = $"Line {item.Sequence}";
            var code = FhirValues.Code(item.ProductOrService, FhirValues.ProcedureSystems);
            var modifiers = item.Modifier.SelectMany(m => m.Coding).Select(c => c.Code).OfType<string>().ToList();
            var units = item.Quantity?.Value ?? 1;
            var charge = item.Net?.Value ?? (item.UnitPrice?.Value is { } price ? price * units : null);
            var from = FhirValues.StartDate(item.Serviced) ?? FhirValues.ToDate(draft.BillablePeriod?.Start);
            var to = FhirValues.EndDate(item.Serviced) ?? from;
            var pos = FhirValues.Code(item.Location as CodeableConcept, FhirValues.PlaceOfServiceSystems);
            var pointers = item.DiagnosisSequence.OfType<int>().Select(s => diagnoses.FindIndex(d => d.Sequence == s) + 1).Where(p => p > 0).Distinct().ToList();
            Require(code is not null, $"{label} has no CPT or HCPCS code.", missing);
            Require(modifiers.Count <= 4, $"{label} has more than four modifiers.", missing);
            Require(charge is not null, $"{label} has no charge.", missing);
            Require(from is not null, $"{label} has no date of service.", missing);
            Require(pos is not null, $"{label} has no place of service.", missing);
            Require(pointers.Count > 0, $"{label} points to no diagnosis of the claim.", missing);
            lines.Add(new LineData(item.Sequence ?? lines.Count + 1, code ?? "", modifiers, charge ?? 0, units, from, to, pos ?? "", [.. pointers.Take(4)]));
        }

        Require(lines.Count is > 0 and <= 50, "An 837P claim has 1 to 50 service lines.", missing);
        if (missing.Count > 0)
        {
            return null;
        }

        var rendering = CareTeam(draft, context, RenderingRoles);
        var referring = CareTeam(draft, context, new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "referring" });
        var focal = draft.Insurance.Find(i => i.Focal == true) ?? draft.Insurance.FirstOrDefault();
        var claimPos = lines.GroupBy(l => l.PlaceOfService).OrderByDescending(g => g.Count()).ThenBy(g => lines.IndexOf(g.First())).First().Key;
        var now = clock.GetUtcNow().UtcDateTime;
        return new Data
        {
            Created = now,
            ControlNumberText = X12Builder.ControlNumber(options.ControlNumber),
            Frequency = frequency,
            PatientControlNumber = pcn!,
            PayerClaimNumber = number,
            PriorAuthorization = focal?.PreAuthRef.FirstOrDefault(r => !string.IsNullOrWhiteSpace(r)),
            BillingName = (billing as Organization)?.Name ?? Person.Of(billing)?.Last ?? "",
            BillingFirst = billing is Practitioner ? Person.Of(billing)?.First : null,
            BillingNpi = billingNpi!,
            BillingAddress = billingAddress!,
            BillingZip = zip,
            TaxId = taxId,
            Subscriber = subscriber!,
            SubscriberId = subscriberId!,
            Patient = patient!,
            Relationship = self ? null : Relationship(coverage!.Relationship),
            Responsibility = coverage!.Order switch { 2 => "S", 3 => "T", _ => "P" },
            Group = coverage.Class.Find(c => FhirValues.HasCode(c.Type, "group"))?.Value,
            FilingIndicator = FilingIndicator(coverage) ?? options.ClaimFilingIndicator ?? "CI",
            PayerName = payer!.Name!,
            PayerId = payerId!,
            PlaceOfService = claimPos,
            Diagnoses = [.. diagnoses.Select(d => d.Code!.Replace(".", "", StringComparison.Ordinal).ToUpperInvariant())],
            Lines = lines,
            Rendering = rendering is not null && rendering.Npi != billingNpi ? rendering : null,
            Referring = referring,
        };
    }

    private static string Build(Data data, Submitter837Options options)
    {
        var b = new X12Builder(X12Separators.Default, lineBreaks: true);
        var date = data.Created.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var time = data.Created.ToString("HHmm", CultureInfo.InvariantCulture);
        b.Isa(options.InterchangeSenderQualifier, options.InterchangeSenderId, options.InterchangeReceiverQualifier, options.InterchangeReceiverId, data.Created, options.ControlNumber, options.Usage[0]);
        var group = options.ControlNumber.ToString(CultureInfo.InvariantCulture);
        b.Segment("GS", "HC", b.Text(options.ApplicationSenderCode ?? options.InterchangeSenderId, 15), b.Text(options.ApplicationReceiverCode ?? options.InterchangeReceiverId, 15), date, time, group, "X", Claim837PRules.Version);
        b.StartTransaction();
        b.Segment("ST", "837", "0001", Claim837PRules.Version);
        b.Segment("BHT", "0019", "00", data.ControlNumberText, date, time, "CH");
        b.Segment("NM1", "41", "2", b.Text(options.SubmitterName, 60), null, null, null, null, "46", b.Text(options.SubmitterId, 80));
        b.Segment("PER", "IC", b.Text(options.ContactName, 60), "TE", options.ContactPhone);
        b.Segment("NM1", "40", "2", b.Text(options.ReceiverName, 60), null, null, null, null, "46", b.Text(options.ReceiverId, 80));
        b.Segment("HL", "1", null, "20", "1");
        b.Segment("NM1", "85", data.BillingFirst is null ? "2" : "1", b.Text(data.BillingName, 60), b.Text(data.BillingFirst, 35), null, null, null, "XX", data.BillingNpi);
        Address(b, data.BillingAddress, data.BillingZip);
        b.Segment("REF", "EI", data.TaxId);
        var patientLevel = data.Relationship is not null;
        b.Segment("HL", "2", "1", "22", patientLevel ? "1" : "0");
        b.Segment("SBR", data.Responsibility, patientLevel ? null : "18", b.Text(data.Group, 50), null, null, null, null, null, data.FilingIndicator);
        Name(b, "IL", data.Subscriber, "MI", b.Text(data.SubscriberId, 80));
        if (!patientLevel)
        {
            Demographics(b, data.Subscriber);
        }

        b.Segment("NM1", "PR", "2", b.Text(data.PayerName, 60), null, null, null, null, "PI", b.Text(data.PayerId, 80));
        if (patientLevel)
        {
            b.Segment("HL", "3", "2", "23", "0");
            b.Segment("PAT", data.Relationship);
            Name(b, "QC", data.Patient, null, null);
            Demographics(b, data.Patient);
        }

        b.Segment("CLM", b.Text(data.PatientControlNumber, 38), X12Builder.Amount(data.Lines.Sum(l => l.Charge)), null, null,
            b.Composite(data.PlaceOfService, "B", ((int)data.Frequency).ToString(CultureInfo.InvariantCulture)), "Y", "A", "Y", "Y");
        if (data.Frequency != ClaimFrequency.Original)
        {
            b.Segment("REF", "F8", b.Text(data.PayerClaimNumber, 50));
        }

        if (data.PriorAuthorization is not null)
        {
            b.Segment("REF", "G1", b.Text(data.PriorAuthorization, 50));
        }

        b.Segment("HI", [.. data.Diagnoses.Select((code, i) => b.Composite(i == 0 ? "ABK" : "ABF", b.Text(code, 30)))]);
        if (data.Referring is { } referring)
        {
            b.Segment("NM1", "DN", "1", b.Text(referring.Last, 60), b.Text(referring.First, 35), null, null, null, "XX", referring.Npi);
        }

        if (data.Rendering is { } rendering)
        {
            b.Segment("NM1", "82", "1", b.Text(rendering.Last, 60), b.Text(rendering.First, 35), null, null, null, "XX", rendering.Npi);
            if (rendering.Taxonomy is not null)
            {
                b.Segment("PRV", "PE", "PXC", b.Text(rendering.Taxonomy, 50));
            }
        }

        for (var i = 0; i < data.Lines.Count; i++)
        {
            var line = data.Lines[i];
            b.Segment("LX", (i + 1).ToString(CultureInfo.InvariantCulture));
            b.Segment("SV1",
                b.Composite([.. new[] { "HC", b.Text(line.Code, 48) }.Concat(line.Modifiers.Select(m => b.Text(m, 2)))]),
                X12Builder.Amount(line.Charge),
                IsAnesthesia(line.Code) ? "MJ" : "UN",
                X12Builder.Amount(line.Units),
                line.PlaceOfService == data.PlaceOfService ? null : line.PlaceOfService,
                null,
                b.Composite([.. line.Pointers.Select(p => p.ToString(CultureInfo.InvariantCulture))]));
            b.Segment("DTP", "472", line.From == line.To ? "D8" : "RD8",
                line.From == line.To ? D8(line.From!.Value) : D8(line.From!.Value) + "-" + D8(line.To!.Value));
            b.Segment("REF", "6R", line.Sequence.ToString(CultureInfo.InvariantCulture));
        }

        b.Segment("SE", (b.TransactionSegments + 1).ToString(CultureInfo.InvariantCulture), "0001");
        b.Segment("GE", "1", group);
        b.Segment("IEA", "1", data.ControlNumberText);
        return b.ToString();
    }

    private static void Name(X12Builder b, string qualifier, Person person, string? idQualifier, string? id) =>
        b.Segment("NM1", qualifier, "1", b.Text(person.Last, 60), b.Text(person.First, 35), b.Text(person.Middle, 25), null, b.Text(person.Suffix, 10), idQualifier, id);

    private static void Demographics(X12Builder b, Person person)
    {
        if (person.Address is { } address)
        {
            Address(b, address, Digits(address.PostalCode));
        }

        if (person.BirthDate is { } birth)
        {
            b.Segment("DMG", "D8", D8(birth), person.Gender);
        }
    }

    private static void Address(X12Builder b, Address address, string zip)
    {
        b.Segment("N3", b.Text(address.Line.ElementAtOrDefault(0), 55), b.Text(address.Line.ElementAtOrDefault(1), 55));
        b.Segment("N4", b.Text(address.City, 30), b.Text(address.State, 2), zip);
    }

    /// <summary>The payer's claim number from the claim's latest EOB (CARIN "uc" identifier, or one named a claim control number), else its ClaimResponse.</summary>
    private static string? PayerClaimNumber(ClaimContext context)
    {
        foreach (var eob in context.ExplanationsOfBenefit.OrderByDescending(e => e.Created, StringComparer.Ordinal))
        {
            var identifier = eob.Identifier.Find(i => FhirValues.HasCode(i.Type, "uc"))
                ?? eob.Identifier.Find(i => i.System is { } s && (s.Contains("claim-control", StringComparison.OrdinalIgnoreCase) || s.Contains("payer-claim", StringComparison.OrdinalIgnoreCase)))
                ?? eob.Identifier.FirstOrDefault();
            if (!string.IsNullOrWhiteSpace(identifier?.Value))
            {
                return identifier.Value.Trim();
            }
        }

        return context.ClaimResponses.SelectMany(r => r.Identifier).Select(i => i.Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
    }

    private static Provider? CareTeam(Claim draft, ClaimContext context, HashSet<string> roles)
    {
        var member = draft.CareTeam.Where(m => m.Role?.Coding.Exists(c => c.Code is { } code && roles.Contains(code)) == true)
            .OrderByDescending(m => m.Responsible == true)
            .ThenBy(m => m.Sequence ?? int.MaxValue)
            .FirstOrDefault();
        if (context.Record.Resolve(member?.Provider) is not Practitioner practitioner || Npi(practitioner) is not { } npi)
        {
            return null;
        }

        var person = Person.Of(practitioner)!;
        var taxonomy = practitioner.Qualification.SelectMany(q => q.Code?.Coding ?? []).FirstOrDefault(c => c.System == TaxonomySystem)?.Code;
        return new Provider(person.Last ?? "", person.First, npi, taxonomy);
    }

    private static string? Npi(Resource? resource) => resource switch
    {
        Organization org => org.Identifier.Find(i => i.System == FhirValues.NpiSystem)?.Value,
        Practitioner practitioner => practitioner.Identifier.Find(i => i.System == FhirValues.NpiSystem)?.Value,
        _ => null,
    };

    // SBR09 from the coverage's type: HL7 ActCode plan types and the Source of Payment Typology.
    private static string? FilingIndicator(Coverage coverage)
    {
        foreach (var coding in coverage.Type?.Coding ?? [])
        {
            var code = coding.Code ?? "";
            if (coding.System?.Contains("sopt", StringComparison.OrdinalIgnoreCase) == true)
            {
                return code switch
                {
                    _ when code.StartsWith("12", StringComparison.Ordinal) => "MB",
                    _ when code.StartsWith("11", StringComparison.Ordinal) => "16",
                    _ when code.StartsWith('2') => "MC",
                    _ when code.StartsWith("511", StringComparison.Ordinal) => "HM",
                    _ when code.StartsWith("512", StringComparison.Ordinal) => "12",
                    _ when code.StartsWith("513", StringComparison.Ordinal) => "13",
                    _ when code.StartsWith('6') => "BL",
                    _ when code.StartsWith("31", StringComparison.Ordinal) => "CH",
                    _ when code.StartsWith("32", StringComparison.Ordinal) => "VA",
                    _ when code.StartsWith('5') => "CI",
                    _ => null,
                };
            }

            switch (code.ToUpperInvariant())
            {
                case "PPO":
                    return "12";
                case "POS":
                    return "13";
                case "EPO":
                    return "14";
                case "HMO":
                    return "HM";
            }
        }

        return null;
    }

    private static string Relationship(CodeableConcept? relationship) =>
        FhirValues.Code(relationship) switch
        {
            "spouse" or "common" => "01",
            "child" => "19",
            "injured" => "20",
            _ => "G8",
        };

    // Anesthesia CPT codes (00100–01999) are billed in minutes.
    private static bool IsAnesthesia(string code) =>
        code.Length == 5 && code[0] == '0' && code.All(char.IsAsciiDigit) && string.CompareOrdinal(code, "00100") >= 0 && string.CompareOrdinal(code, "01999") <= 0;

    private static void Require(bool condition, string message, List<string> missing)
    {
        if (!condition)
        {
            missing.Add(message);
        }
    }

    private static string Digits(string? value) => new([.. (value ?? "").Where(char.IsAsciiDigit)]);

    private static string D8(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private sealed record LineData(int Sequence, string Code, IReadOnlyList<string> Modifiers, decimal Charge, decimal Units, DateOnly? From, DateOnly? To, string PlaceOfService, IReadOnlyList<int> Pointers);

    private sealed record Provider(string Last, string? First, string Npi, string? Taxonomy);

    /// <summary>A patient, subscriber (Patient or RelatedPerson) or practitioner, as an 837P names them.</summary>
    private sealed record Person(string? Last, string? First, string? Middle, string? Suffix, DateOnly? BirthDate, string Gender, Address? Address)
    {
        public static Person? Of(Resource? resource)
        {
            var (names, birth, gender, addresses) = resource switch
            {
                Patient p => (p.Name, p.BirthDate, p.Gender, p.Address),
                RelatedPerson r => (r.Name, r.BirthDate, r.Gender, r.Address),
                Practitioner pr => (pr.Name, pr.BirthDate, pr.Gender, pr.Address),
                _ => (null, null, null, null),
            };
            if (names is null)
            {
                return null;
            }

            var name = names.Find(n => n.Use == HumanName.NameUse.Official) ?? names.FirstOrDefault();
            return new Person(
                name?.Family,
                name?.Given.FirstOrDefault(),
                name?.Given.Skip(1).FirstOrDefault(),
                name?.Suffix.FirstOrDefault(s => s is not ("MD" or "PhD" or "DO" or "RN" or "NP" or "PA")),
                FhirValues.ToDate(birth),
                gender switch { AdministrativeGender.Male => "M", AdministrativeGender.Female => "F", _ => "U" },
                addresses?.Find(a => a.Use == Address.AddressUse.Home) ?? addresses?.FirstOrDefault());
        }
    }

    private sealed record Data
    {
        public required DateTime Created { get; init; }

        public required string ControlNumberText { get; init; }

        public required ClaimFrequency Frequency { get; init; }

        public required string PatientControlNumber { get; init; }

        public string? PayerClaimNumber { get; init; }

        public string? PriorAuthorization { get; init; }

        public required string BillingName { get; init; }

        public string? BillingFirst { get; init; }

        public required string BillingNpi { get; init; }

        public required Address BillingAddress { get; init; }

        public required string BillingZip { get; init; }

        public required string TaxId { get; init; }

        public required Person Subscriber { get; init; }

        public required string SubscriberId { get; init; }

        public required Person Patient { get; init; }

        /// <summary>PAT01 when the patient is not the subscriber; null when they are the same person.</summary>
        public string? Relationship { get; init; }

        public required string Responsibility { get; init; }

        public string? Group { get; init; }

        public required string FilingIndicator { get; init; }

        public required string PayerName { get; init; }

        public required string PayerId { get; init; }

        public required string PlaceOfService { get; init; }

        public required IReadOnlyList<string> Diagnoses { get; init; }

        public required List<LineData> Lines { get; init; }

        public Provider? Rendering { get; init; }

        public Provider? Referring { get; init; }
    }
}
