using System.Globalization;
using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace FhirApp.Core.Claims.Fhir;

/// <summary>
/// A fast reader for the four hot claim types (Claim, ExplanationOfBenefit, ClaimResponse, Coverage): one forward pass of
/// <see cref="Utf8JsonReader"/> straight into the same Firely objects the features already read, without Firely's
/// general-purpose deserializer (about ten times slower per resource, measured by <c>fhirapp bench denials</c>).
/// <para>
/// It is deliberately narrow and strict: it reads only the elements listed here, in their plain shape, and answers
/// null for anything else (another resource type, an unknown or misspelt element, an extension, a primitive's
/// <c>_element</c>, null, an empty object or array, a duplicate property, a value of the wrong JSON type, an invalid
/// date, code or number, a missing required element). The caller then reads that resource with Firely
/// (<see cref="FhirResourceParser"/>), so every resource Firely would skip or read leniently still gets Firely's
/// verdict and message, and a resource read here is one Firely would have read cleanly into the same objects
/// (checked by FhirProjectionReaderTests on every sample and fixture, and by a seeded fuzz test).
/// </para>
/// Hand-written because the point is to avoid a general deserializer; no maintained library projects FHIR JSON into Firely POCOs.
/// </summary>
internal static class FhirProjectionReader
{
    private const int MaxNameChars = 64;
    private const int MaxStringChars = 1024 * 1024;

    private delegate T ReadValue<out T>(ref Utf8JsonReader reader);

    /// <summary>The resource, or null when the JSON is not one this reader understands completely (read it with Firely).</summary>
    public static Resource? TryRead(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > FhirResourceParser.MaxResourceBytes || !LooksHot(utf8Json))
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            // The resourceType comes first in every export we have seen; elsewhere, Firely reads it.
            Span<char> name = stackalloc char[MaxNameChars];
            if (!Next(ref reader, name, out var length) || !name[..length].SequenceEqual("resourceType") || reader.TokenType != JsonTokenType.String)
            {
                return null;
            }

            Resource resource = Str(ref reader) switch
            {
                "ExplanationOfBenefit" => Eob(ref reader),
                "ClaimResponse" => ClaimResponse(ref reader),
                "Claim" => Claim(ref reader),
                "Coverage" => Coverage(ref reader),
                _ => throw NotProjected.Instance,
            };

            // Nothing may follow the resource but whitespace (Utf8JsonReader throws on anything else).
            return reader.Read() ? null : resource;
        }
        catch (NotProjected)
        {
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null; // a token read as the wrong kind: not ours to judge
        }
    }

    // A cheap pre-check so that Patients, Organizations… do not pay for a failed projection.
    private static bool LooksHot(ReadOnlySpan<byte> json)
    {
        var head = json[..Math.Min(json.Length, 64)];
        return head.IndexOf("\"resourceType\":\"Claim"u8) >= 0
            || head.IndexOf("\"resourceType\":\"ExplanationOfBenefit\""u8) >= 0
            || head.IndexOf("\"resourceType\":\"Coverage\""u8) >= 0;
    }

    // ---- resources ----

    private static ExplanationOfBenefit Eob(ref Utf8JsonReader r)
    {
        var x = new ExplanationOfBenefit();
        Span<char> b = stackalloc char[MaxNameChars];
        while (Next(ref r, b, out var n))
        {
            switch (b[..n])
            {
                case "id": Once(x.IdElement); x.IdElement = Id(ref r); break;
                case "meta": Once(x.Meta); x.Meta = Meta(ref r); break;
                case "identifier": Once(x.Identifier); x.Identifier = List(ref r, Identifier); break;
                case "status": Once(x.StatusElement); x.StatusElement = Enum<ExplanationOfBenefit.ExplanationOfBenefitStatus>(ref r); break;
                case "type": Once(x.Type); x.Type = Concept(ref r); break;
                case "subType": Once(x.SubType); x.SubType = Concept(ref r); break;
                case "use": Once(x.UseElement); x.UseElement = Enum<ClaimUseCode>(ref r); break;
                case "patient": Once(x.Patient); x.Patient = Reference(ref r); break;
                case "billablePeriod": Once(x.BillablePeriod); x.BillablePeriod = Period(ref r); break;
                case "created": Once(x.CreatedElement); x.CreatedElement = DateTime(ref r); break;
                case "enterer": Once(x.Enterer); x.Enterer = Reference(ref r); break;
                case "insurer": Once(x.Insurer); x.Insurer = Reference(ref r); break;
                case "provider": Once(x.Provider); x.Provider = Reference(ref r); break;
                case "referral": Once(x.Referral); x.Referral = Reference(ref r); break;
                case "facility": Once(x.Facility); x.Facility = Reference(ref r); break;
                case "claim": Once(x.Claim); x.Claim = Reference(ref r); break;
                case "claimResponse": Once(x.ClaimResponse); x.ClaimResponse = Reference(ref r); break;
                case "outcome": Once(x.OutcomeElement); x.OutcomeElement = Enum<ClaimProcessingCodes>(ref r); break;
                case "disposition": Once(x.DispositionElement); x.DispositionElement = String(ref r); break;
                case "careTeam": Once(x.CareTeam); x.CareTeam = List(ref r, EobCareTeam); break;
                case "supportingInfo": Once(x.SupportingInfo); x.SupportingInfo = List(ref r, EobSupportingInfo); break;
                case "diagnosis": Once(x.Diagnosis); x.Diagnosis = List(ref r, EobDiagnosis); break;
                case "insurance": Once(x.Insurance); x.Insurance = List(ref r, EobInsurance); break;
                case "item": Once(x.Item); x.Item = List(ref r, EobItem); break;
                case "adjudication": Once(x.Adjudication); x.Adjudication = List(ref r, EobAdjudication); break;
                case "total": Once(x.Total); x.Total = List(ref r, EobTotal); break;
                case "payment": Once(x.Payment); x.Payment = EobPayment(ref r); break;
                case "processNote": Once(x.ProcessNote); x.ProcessNote = List(ref r, EobNote); break;
                default: throw NotProjected.Instance;
            }
        }

        Required(x.StatusElement, x.Type, x.UseElement, x.Patient, x.CreatedElement, x.Insurer, x.Provider, x.OutcomeElement);
        Required(x.Insurance);
        return x;
    }

    private static ExplanationOfBenefit.CareTeamComponent EobCareTeam(ref Utf8JsonReader r)
    {
        var x = new ExplanationOfBenefit.CareTeamComponent();
        Span<char> b = stackalloc char[MaxNameChars];
        Begin(ref r);
        while (Next(ref r, b, out var n))
        {
            switch (b[..n])
            {
                case "sequence": Once(x.SequenceElement); x.SequenceElement = Positive(ref r); break;
                case "provider": Once(x.Provider); x.Provider = Reference(ref r); break;
                case "responsible": Once(x.ResponsibleElement); x.ResponsibleElement = Boolean(ref r); break;
                case "role": Once(x.Role); x.Role = Concept(ref r); break;
                case "qualification": Once(x.Qualification); x.Qualification = Concept(ref r); break;
                default: throw NotProjected.Instance;
            }
        }

        Required(x.SequenceElement, x.Provider);
        return x;
    }

    private static ExplanationOfBenefit.SupportingInformationComponent EobSupportingInfo(ref Utf8JsonReader r)
    {
        var x = new ExplanationOfBenefit.SupportingInformationComponent();
        Span<char> b = stackalloc char[MaxNameChars];
        Begin(ref r);
        while (Next(ref r, b, out var n))
        {
            switch (b[..n])
            {
                case "sequence": Once(x.SequenceElement); x.SequenceElement = Positive(ref r); break;
                case "category": Once(x.Category); x.Category = Concept(ref r); break;
                case "code": Once(x.Code); x.Code = Concept(ref r); break;
                case "timingDate": Once(x.Timing); x.Timing = Date(ref r); break;
                case "timingPeriod": Once(x.Timing); x.Timing = Period(ref r); break;
                case "valueString": Once(x.Value); x.Value = String(ref r); break;
                case "valueBoolean": Once(x.Value); x.Value = Boolean(ref r); break;
                case "valueReference": Once(x.Value); x.Value = Reference(ref r); break;
                case "reason": Once(x.Reason); x.Reason = Coding(ref r); break;
                default: throw NotProjected.Instance;
            }
        }

        Required(x.SequenceElement, x.Category);
        return x;
    }

    private static ExplanationOfBenefit.DiagnosisComponent EobDiagnosis(ref Utf8JsonReader r)
    {
        var x = new ExplanationOfBenefit.DiagnosisComponent();
        Span<char> b = stackalloc char[MaxNameChars];
        Begin(ref r);
        while (Next(ref r, b, out var n))
        {
            switch (b[..n])
            {
                case "sequence": Once(x.SequenceElement); x.SequenceElement = Positive(ref r); break;
                case "diagnosisCodeableConcept": Once(x.Diagnosis); x.Diagnosis = Concept(ref r); break;
                case "diagnosisReference": Once(x.Diagnosis); x.Diagnosis = Reference(ref r); break;
                case "type": Once(x.Type); x.Type = List(ref r, Concept); break;
                case "onAdmission": Once(x.OnAdmission); x.OnAdmission = Concept(ref r); break;
                case "packageCode": Once(x.PackageCode); x.PackageCode = Concept(ref r); break;
                default: throw NotProjected.Instance;
            }
        }

        Required(x.SequenceElement, x.Diagnosis);
        return x;
    }

    private static ExplanationOfBenefit.InsuranceComponent EobInsurance(ref Utf8JsonReader r)
    {
        var x = new ExplanationOfBenefit.InsuranceComponent();
        Span<char> b = stackalloc char[MaxNameChars];
        Begin(ref r);
        while (Next(ref r, b, out var n))
        {
            switch (b[..n])
            {
                case "focal": Once(x.FocalElement); x.FocalElement = Boolean(ref r); break;
                case "coverage": Once(x.Coverage); x.Coverage = Reference(ref r); break;
                case "preAuthRef": Once(x.PreAuthRefElement); x.PreAuthRefElement = List(ref r, String); break;
                default: throw NotProjected.Instance;
            }
        }

        Required(x.FocalElement, x.Coverage);
        return x;
    }

    private static ExplanationOfBenefit.ItemComponent EobItem(ref Utf8JsonReader r)
    {
        var x = new ExplanationOfBenefit.ItemComponent();
        Span<char> b = stackalloc char[MaxNameChars];
        Begin(ref r);
        while (Next(ref r, b, out var n))
        {
            switch (b[..n])
            {
                case "sequence": Once(x.SequenceElement); x.SequenceElement = Positive(ref r); break;
                case "careTeamSequence": Once(x.CareTeamSequenceElement); x.CareTeamSequenceElement = List(ref r, Positive); break;
                case "diagnosisSequence": Once(x.DiagnosisSequenceElement); x.DiagnosisSequenceElement = List(ref r, Positive); break;
                case "procedureSequence": Once(x.ProcedureSequenceElement); x.ProcedureSequenceElement = List(ref r, Positive); break;
                case "informationSequence": Once(x.InformationSequenceElement); x.InformationSequenceElement = List(ref r, Positive); break;
                case "revenue": Once(x.Revenue); x.Revenue = Concept(ref r); break;
                case "category": Once(x.Category); x.Category = Concept(ref r); break;
                case "productOrService": Once(x.ProductOrService); x.ProductOrService = Concept(ref r); break;
                case "modifier": Once(x.Modifier); x.Modifier = List(ref r, Concept); break;
                case "programCode": Once(x.ProgramCode); x.ProgramCode = List(ref r, Concept); break;
                case "servicedDate": Once(x.Serviced); x.Serviced = Date(ref r); break;
                case "servicedPeriod": Once(x.Serviced); x.Serviced = Period(ref r); break;
                case "locationCodeableConcept": Once(x.Location); x.Location = Concept(ref r); break;
                case "locationReference": Once(x.Location); x.Location = Reference(ref r); break;
                case "quantity": Once(x.Quantity); x.Quantity = Quantity(ref r); break;
                case "unitPrice": Once(x.UnitPrice); x.UnitPrice = Money(ref r); break;
                case "factor": Once(x.FactorElement); x.FactorElement = Decimal(ref r); break;
                case "net": Once(x.Net); x.Net = Money(ref r); break;
                case "noteNumber": Once(x.NoteNumberElement); x.NoteNumberElement = List(ref r, Positive); break;
                case "adjudication": Once(x.Adjudication); x.Adjudication = List(ref r, EobAdjudication); break;
                default: throw NotProjected.Instance;
            }
        }

        Required(x.SequenceElement, x.ProductOrService);
        return x;
    }

    private static ExplanationOfBenefit.AdjudicationComponent EobAdjudication(ref Utf8JsonReader r)
    {
        var x = new ExplanationOfBenefit.AdjudicationComponent();
        Span<char> b = stackalloc char[MaxNameChars];
        Begin(ref r);
        while (Next(ref r, b, out var n))
        {
            switch (b[..n])
            {
                case "category": Once(x.Category); x.Category = Concept(ref r); break;
                case "reason": Once(x.Reason); x.Reason = Concept(ref r); break;
                case "amount": Once(x.Amount); x.Amount = Money(ref r); break;
                case "value": Once(x.ValueElement); x.ValueElement = Decimal(ref r); break;
                default: throw NotProjected.Instance;
            }
        }

        Required(x.Category);
        return x;
    }

    private static ExplanationOfBenefit.TotalComponent EobTotal(ref Utf8JsonReader r)
    {
        var x = new ExplanationOfBenefit.TotalComponent();
        Span<char> b = stackalloc char[MaxNameChars];
        Begin(ref r);
        while (Next(ref r, b, out var n))
        {
            switch (b[..n])
            {
                case "category": Once(x.Category); x.Category = Concept(ref r); break;
                case "amount": Once(x.Amount); x.Amount = Money(ref r); break;
                default: throw NotProjected.Instance;
            }
        }

        Required(x.Category, x.Amount);
        return x;
    }

    private static ExplanationOfBenefit.PaymentComponent EobPayment(ref Utf8JsonReader r)
    {
        var x = new ExplanationOfBenefit.PaymentComponent();
        Span<char> b = stackalloc char[MaxNameChars];
        Begin(ref r);
        while (Next(ref r, b, out var n))
        {
            switch (b[..n])
            {
                case "type": Once(x.Type); x.Type = Concept(ref r); break;
                case "adjustment": Once(x.Adjustment); x.Adjustment = Money(ref r); break;
                case "adjustmentReason": Once(x.AdjustmentReason); x.AdjustmentReason = Concept(ref r); break;
                case "date": Once(x.DateElement); x.DateElement = Date(ref r); break;
                case "amount": Once(x.Amount); x.Amount = Money(ref r); break;
                case "identifier": Once(x.Identifier); x.Identifier = Identifier(ref r); break;
                default: throw NotProjected.Instance;
            }
        }

        return x;
    }

    private static ExplanationOfBenefit.NoteComponent EobNote(ref Utf8JsonReader r)
    {
        var x = new ExplanationOfBenefit.NoteComponent();
        Span<char> b = stackalloc char[MaxNameChars];
        Begin(ref r);
        while (Next(ref r, b, out var n))
        {
            switch (b[..n])
            {
                case "number": Once(x.NumberElement); x.NumberElement = Positive(ref r); break;
                case "type": Once(x.TypeElement); x.TypeElement = Enum<NoteType>(ref r); break;
                case "text": Once(x.TextElement); x.TextElement = String(ref r); break;
                default: throw NotProjected.Instance;
            }
        }

        return x;
    }

    private static ClaimResponse ClaimResponse(ref Utf8JsonReader r)
    {
        var x = new ClaimResponse();
        Span<char> b = stackalloc char[MaxNameChars];
        while (Next(ref r, b, out var n))
        {
            switch (b[..n])
            {
                case "id": Once(x.IdElement); x.IdElement = Id(ref r); break;
                case "meta": Once(x.Meta); x.Meta = Meta(ref r); break;
                case "identifier": Once(x.Identifier); x.Identifier = List(ref r, Identifier); break;
                case "status": Once(x.StatusElement); x.StatusElement = Enum<FinancialResourceStatusCodes>(ref r); break;
                case "type": Once(x.Type); x.Type = Concept(ref r); break;
                case "subType": Once(x.SubType); x.SubType = Concept(ref r); break;
                case "use": Once(x.UseElement); x.UseElement = Enum<ClaimUseCode>(ref r); break;
                case "patient": Once(x.Patient); x.Patient = Reference(ref r); break;
                case "created": Once(x.CreatedElement); x.CreatedElement = DateTime(ref r); break;
                case "insurer": Once(x.Insurer); x.Insurer = Reference(ref r); break;
                case "requestor": Once(x.Requestor); x.Requestor = Reference(ref r); break;
                case "request": Once(x.Request); x.Request = Reference(ref r); break;
                case "outcome": Once(x.OutcomeElement); x.OutcomeElement = Enum<ClaimProcessingCodes>(ref r); break;
                case "disposition": Once(x.DispositionElement); x.DispositionElement = String(ref r); break;
                case "preAuthRef": Once(x.PreAuthRefElement); x.PreAuthRefElement = String(ref r); break;
                case "preAuthPeriod": Once(x.PreAuthPeriod); x.PreAuthPeriod = Period(ref r); break;
                case "item": Once(x.Item); x.Item = List(ref r, ResponseItem); break;
                case "addItem": Once(x.AddItem); x.AddItem = List(ref r, ResponseAddItem); break;
                case "adjudication": Once(x.Adjudication); x.Adjudication = List(ref r, ResponseAdjudication); break;
                case "total": Once(x.Total); x.Total = List(ref r, ResponseTotal); break;
                case "processNote": Once(x.ProcessNote); x.ProcessNote = List(ref r, ResponseNote); break;
                case "error": Once(x.Error); x.Error = List(ref r, ResponseError); break;
                default: throw NotProjected.Instance;
            }
        }

        Required(x.StatusElement, x.Type, x.UseElement, x.Patient, x.CreatedElement, x.Insurer, x.OutcomeElement);
        return x;
    }

    private static ClaimResponse.ItemComponent ResponseItem(ref Utf8JsonReader r)
    {
        var x = new ClaimResponse.ItemComponent();
        Span<char> b = stackalloc char[MaxNameChars];
        Begin(ref r);
        while (Next(ref r, b, out var n))
        {
            switch (b[..n])
            {
                case "itemSequence": Once(x.ItemSequenceElement); x.ItemSequenceElement = Positive(ref r); break;
                case "noteNumber": Once(x.NoteNumberElement); x.NoteNumberElement = List(ref r, Positive); break;
                case "adjudication": Once(x.Adjudication); x.Adjudication = List(ref r, ResponseAdjudication); break;
                default: throw NotProjected.Instance;
            }
        }

        Required(x.ItemSequenceElement);
        Required(x.Adjudication);
        return x;
    }

    private static ClaimResponse.AddedItemComponent ResponseAddItem(ref Utf8JsonReader r)
    {
        var x = new ClaimResponse.AddedItemComponent();
        Span<char> b = stackalloc char[MaxNameChars];
        Begin(ref r);
        while (Next(ref r, b, out var n))
        {
            switch (b[..n])
            {
                case "itemSequence": Once(x.ItemSequenceElement); x.ItemSequenceElement = List(ref r, Positive); break;
                case "productOrService": Once(x.ProductOrService); x.ProductOrService = Concept(ref r); break;
                case "modifier": Once(x.Modifier); x.Modifier = List(ref r, Concept); break;
                case "servicedDate": Once(x.Serviced); x.Serviced = Date(ref r); break;
                case "servicedPeriod": Once(x.Serviced); x.Serviced = Period(ref r); break;
                case "quantity": Once(x.Quantity); x.Quantity = Quantity(ref r); break;
                case "unitPrice": Once(x.UnitPrice); x.UnitPrice = Money(ref r); break;
                case "net": Once(x.Net); x.Net = Money(ref r); break;
                case "noteNumber": Once(x.NoteNumberElement); x.NoteNumberElement = List(ref r, Positive); break;
                case "adjudication": Once(x.Adjudication); x.Adjudication = List(ref r, ResponseAdjudication); break;
                default: throw NotProjected.Instance;
            }
        }

        Required(x.ProductOrService);
        Required(x.Adjudication);
        return x;
    }

    private static ClaimResponse.AdjudicationComponent ResponseAdjudication(ref Utf8JsonReader r)
    {
        var x = new ClaimResponse.AdjudicationComponent();
        Span<char> b = stackalloc char[MaxNameChars];
        Begin(ref r);
        while (Next(ref r, b, out var n))
        {
            switch (b[..n])
            {
                case "category": Once(x.Category); x.Category = Concept(ref r); break;
                case "reason": Once(x.Reason); x.Reason = Concept(ref r); break;
                case "amount": Once(x.Amount); x.Amount = Money(ref r); break;
                case "value": Once(x.ValueElement); x.ValueElement = Decimal(ref r); break;
                default: throw NotProjected.Instance;
            }
        }

        Required(x.Category);
        return x;
    }

    private static ClaimResponse.TotalComponent ResponseTotal(ref Utf8JsonReader r)
    {
        var x = new ClaimResponse.TotalComponent();
        Span<char> b = stackalloc char[MaxNameChars];
        Begin(ref r);
        while (Next(ref r, b, out var n))
        {
            switch (b[..n])
            {
                case "category": Once(x.Category); x.Category = Concept(ref r); break;
                case "amount": Once(x.Amount); x.Amount = Money(ref r); break;
                default: throw NotProjected.Instance;
            }
        }

        Required(x.Category, x.Amount);
        return x;
    }

    private static ClaimResponse.NoteComponent ResponseNote(ref Utf8JsonReader r)
    {
        var x = new ClaimResponse.NoteComponent();
        Span<char> b = stackalloc char[MaxNameChars];
        Begin(ref r);
        while (Next(ref r, b, out var n))
        {
            switch (b[..n])
            {
                case "number": Once(x.NumberElement); x.NumberElement = Positive(ref r); break;
                case "type": Once(x.TypeElement); x.TypeElement = Enum<NoteType>(ref r); break;
                case "text": Once(x.TextElement); x.TextElement = String(ref r); break;
                default: throw NotProjected.Instance;
            }
        }

        Required(x.TextElement);
        return x;
    }

    private static ClaimResponse.ErrorComponent ResponseError(ref Utf8JsonReader r)
    {
        var x = new ClaimResponse.ErrorComponent();
        Span<char> b = stackalloc char[MaxNameChars];
        Begin(ref r);
        while (Next(ref r, b, out var n))
        {
            switch (b[..n])
            {
                case "itemSequence": Once(x.ItemSequenceElement); x.ItemSequenceElement = Positive(ref r); break;
                case "detailSequence": Once(x.DetailSequenceElement); x.DetailSequenceElement = Positive(ref r); break;
                case "subDetailSequence": Once(x.SubDetailSequenceElement); x.SubDetailSequenceElement = Positive(ref r); break;
                case "code": Once(x.Code); x.Code = Concept(ref r); break;
                default: throw NotProjected.Instance;
            }
        }

        Required(x.Code);
        return x;
    }

    private static Claim Claim(ref Utf8JsonReader r)
    {
        var x = new Claim();
        Span<char> b = stackalloc char[MaxNameChars];
        while (Next(ref r, b, out var n))
        {
            switch (b[..n])
            {
                case "id": Once(x.IdElement); x.IdElement = Id(ref r); break;
                case "meta": Once(x.Meta); x.Meta = Meta(ref r); break;
                case "identifier": Once(x.Identifier); x.Identifier = List(ref r, Identifier); break;
                case "status": Once(x.StatusElement); x.StatusElement = Enum<FinancialResourceStatusCodes>(ref r); break;
                case "type": Once(x.Type); x.Type = Concept(ref r); break;
                case "subType": Once(x.SubType); x.SubType = Concept(ref r); break;
                case "use": Once(x.UseElement); x.UseElement = Enum<ClaimUseCode>(ref r); break;
                case "patient": Once(x.Patient); x.Patient = Reference(ref r); break;
                case "billablePeriod": Once(x.BillablePeriod); x.BillablePeriod = Period(ref r); break;
                case "created": Once(x.CreatedElement); x.CreatedElement = DateTime(ref r); break;
                case "enterer": Once(x.Enterer); x.Enterer = Reference(ref r); break;
                case "insurer": Once(x.Insurer); x.Insurer = Reference(ref r); break;
                case "provider": Once(x.Provider); x.Provider = Reference(ref r); break;
                case "priority": Once(x.Priority); x.Priority = Concept(ref r); break;
                case "referral": Once(x.Referral); x.Referral = Reference(ref r); break;
                case "facility": Once(x.Facility); x.Facility = Reference(ref r); break;
                case "careTeam": Once(x.CareTeam); x.CareTeam = List(ref r, ClaimCareTeam); break;
                case "supportingInfo": Once(x.SupportingInfo); x.SupportingInfo = List(ref r, ClaimSupportingInfo); break;
                case "diagnosis": Once(x.Diagnosis); x.Diagnosis = List(ref r, ClaimDiagnosis); break;
                case "insurance": Once(x.Insurance); x.Insurance = List(ref r, ClaimInsurance); break;
                case "item": Once(x.Item); x.Item = List(ref r, ClaimItem); break;
                case "total": Once(x.Total); x.Total = Money(ref r); break;
                default: throw NotProjected.Instance;
            }
        }

        Required(x.StatusElement, x.Type, x.UseElement, x.Patient, x.CreatedElement, x.Provider, x.Priority);
        Required(x.Insurance);
        return x;
    }

    private static Claim.CareTeamComponent ClaimCareTeam(ref Utf8JsonReader r)
    {
        var x = new Claim.CareTeamComponent();
        Span<char> b = stackalloc char[MaxNameChars];
        Begin(ref r);
        while (Next(ref r, b, out var n))
        {
            switch (b[..n])
            {
                case "sequence": Once(x.SequenceElement); x.SequenceElement = Positive(ref r); break;
                case "provider": Once(x.Provider); x.Provider = Reference(ref r); break;
                case "responsible": Once(x.ResponsibleElement); x.ResponsibleElement = Boolean(ref r); break;
                case "role": Once(x.Role); x.Role = Concept(ref r); break;
                case "qualification": Once(x.Qualification); x.Qualification = Concept(ref r); break;
                default: throw NotProjected.Instance;
            }
        }

        Required(x.SequenceElement, x.Provider);
        return x;
    }

    private static Claim.SupportingInformationComponent ClaimSupportingInfo(ref Utf8JsonReader r)
    {
        var x = new Claim.SupportingInformationComponent();
        Span<char> b = stackalloc char[MaxNameChars];
        Begin(ref r);
        while (Next(ref r, b, out var n))
        {
            switch (b[..n])
            {
                case "sequence": Once(x.SequenceElement); x.SequenceElement = Positive(ref r); break;
                case "category": Once(x.Category); x.Category = Concept(ref r); break;
                case "code": Once(x.Code); x.Code = Concept(ref r); break;
                case "timingDate": Once(x.Timing); x.Timing = Date(ref r); break;
                case "timingPeriod": Once(x.Timing); x.Timing = Period(ref r); break;
                case "valueString": Once(x.Value); x.Value = String(ref r); break;
                case "valueBoolean": Once(x.Value); x.Value = Boolean(ref r); break;
                case "valueReference": Once(x.Value); x.Value = Reference(ref r); break;
                case "reason": Once(x.Reason); x.Reason = Concept(ref r); break;
                default: throw NotProjected.Instance;
            }
        }

        Required(x.SequenceElement, x.Category);
        return x;
    }

    private static Claim.DiagnosisComponent ClaimDiagnosis(ref Utf8JsonReader r)
    {
        var x = new Claim.DiagnosisComponent();
        Span<char> b = stackalloc char[MaxNameChars];
        Begin(ref r);
        while (Next(ref r, b, out var n))
        {
            switch (b[..n])
            {
                case "sequence": Once(x.SequenceElement); x.SequenceElement = Positive(ref r); break;
                case "diagnosisCodeableConcept": Once(x.Diagnosis); x.Diagnosis = Concept(ref r); break;
                case "diagnosisReference": Once(x.Diagnosis); x.Diagnosis = Reference(ref r); break;
                case "type": Once(x.Type); x.Type = List(ref r, Concept); break;
                case "onAdmission": Once(x.OnAdmission); x.OnAdmission = Concept(ref r); break;
                case "packageCode": Once(x.PackageCode); x.PackageCode = Concept(ref r); break;
                default: throw NotProjected.Instance;
            }
        }

        Required(x.SequenceElement, x.Diagnosis);
        return x;
    }

    private static Claim.InsuranceComponent ClaimInsurance(ref Utf8JsonReader r)
    {
        var x = new Claim.InsuranceComponent();
        Span<char> b = stackalloc char[MaxNameChars];
        Begin(ref r);
        while (Next(ref r, b, out var n))
        {
            switch (b[..n])
            {
                case "sequence": Once(x.SequenceElement); x.SequenceElement = Positive(ref r); break;
                case "focal": Once(x.FocalElement); x.FocalElement = Boolean(ref r); break;
                case "identifier": Once(x.Identifier); x.Identifier = Identifier(ref r); break;
                case "coverage": Once(x.Coverage); x.Coverage = Reference(ref r); break;
                case "businessArrangement": Once(x.BusinessArrangementElement); x.BusinessArrangementElement = String(ref r); break;
                case "preAuthRef": Once(x.PreAuthRefElement); x.PreAuthRefElement = List(ref r, String); break;
                case "claimResponse": Once(x.ClaimResponse); x.ClaimResponse = Reference(ref r); break;
                default: throw NotProjected.Instance;
            }
        }

        Required(x.SequenceElement, x.FocalElement, x.Coverage);
        return x;
    }

    private static Claim.ItemComponent ClaimItem(ref Utf8JsonReader r)
    {
        var x = new Claim.ItemComponent();
        Span<char> b = stackalloc char[MaxNameChars];
        Begin(ref r);
        while (Next(ref r, b, out var n))
        {
            switch (b[..n])
            {
                case "sequence": Once(x.SequenceElement); x.SequenceElement = Positive(ref r); break;
                case "careTeamSequence": Once(x.CareTeamSequenceElement); x.CareTeamSequenceElement = List(ref r, Positive); break;
                case "diagnosisSequence": Once(x.DiagnosisSequenceElement); x.DiagnosisSequenceElement = List(ref r, Positive); break;
                case "procedureSequence": Once(x.ProcedureSequenceElement); x.ProcedureSequenceElement = List(ref r, Positive); break;
                case "informationSequence": Once(x.InformationSequenceElement); x.InformationSequenceElement = List(ref r, Positive); break;
                case "revenue": Once(x.Revenue); x.Revenue = Concept(ref r); break;
                case "category": Once(x.Category); x.Category = Concept(ref r); break;
                case "productOrService": Once(x.ProductOrService); x.ProductOrService = Concept(ref r); break;
                case "modifier": Once(x.Modifier); x.Modifier = List(ref r, Concept); break;
                case "programCode": Once(x.ProgramCode); x.ProgramCode = List(ref r, Concept); break;
                case "servicedDate": Once(x.Serviced); x.Serviced = Date(ref r); break;
                case "servicedPeriod": Once(x.Serviced); x.Serviced = Period(ref r); break;
                case "locationCodeableConcept": Once(x.Location); x.Location = Concept(ref r); break;
                case "locationReference": Once(x.Location); x.Location = Reference(ref r); break;
                case "quantity": Once(x.Quantity); x.Quantity = Quantity(ref r); break;
                case "unitPrice": Once(x.UnitPrice); x.UnitPrice = Money(ref r); break;
                case "factor": Once(x.FactorElement); x.FactorElement = Decimal(ref r); break;
                case "net": Once(x.Net); x.Net = Money(ref r); break;
                case "encounter": Once(x.Encounter); x.Encounter = List(ref r, Reference); break;
                default: throw NotProjected.Instance;
            }
        }

        Required(x.SequenceElement, x.ProductOrService);
        return x;
    }

    private static Coverage Coverage(ref Utf8JsonReader r)
    {
        var x = new Coverage();
        Span<char> b = stackalloc char[MaxNameChars];
        while (Next(ref r, b, out var n))
        {
            switch (b[..n])
            {
                case "id": Once(x.IdElement); x.IdElement = Id(ref r); break;
                case "meta": Once(x.Meta); x.Meta = Meta(ref r); break;
                case "identifier": Once(x.Identifier); x.Identifier = List(ref r, Identifier); break;
                case "status": Once(x.StatusElement); x.StatusElement = Enum<FinancialResourceStatusCodes>(ref r); break;
                case "type": Once(x.Type); x.Type = Concept(ref r); break;
                case "policyHolder": Once(x.PolicyHolder); x.PolicyHolder = Reference(ref r); break;
                case "subscriber": Once(x.Subscriber); x.Subscriber = Reference(ref r); break;
                case "subscriberId": Once(x.SubscriberIdElement); x.SubscriberIdElement = String(ref r); break;
                case "beneficiary": Once(x.Beneficiary); x.Beneficiary = Reference(ref r); break;
                case "dependent": Once(x.DependentElement); x.DependentElement = String(ref r); break;
                case "relationship": Once(x.Relationship); x.Relationship = Concept(ref r); break;
                case "period": Once(x.Period); x.Period = Period(ref r); break;
                case "payor": Once(x.Payor); x.Payor = List(ref r, Reference); break;
                case "class": Once(x.Class); x.Class = List(ref r, CoverageClass); break;
                case "order": Once(x.OrderElement); x.OrderElement = Positive(ref r); break;
                case "network": Once(x.NetworkElement); x.NetworkElement = String(ref r); break;
                default: throw NotProjected.Instance;
            }
        }

        Required(x.StatusElement, x.Beneficiary);
        Required(x.Payor);
        return x;
    }

    private static Coverage.ClassComponent CoverageClass(ref Utf8JsonReader r)
    {
        var x = new Coverage.ClassComponent();
        Span<char> b = stackalloc char[MaxNameChars];
        Begin(ref r);
        while (Next(ref r, b, out var n))
        {
            switch (b[..n])
            {
                case "type": Once(x.Type); x.Type = Concept(ref r); break;
                case "value": Once(x.ValueElement); x.ValueElement = String(ref r); break;
                case "name": Once(x.NameElement); x.NameElement = String(ref r); break;
                default: throw NotProjected.Instance;
            }
        }

        Required(x.Type, x.ValueElement);
        return x;
    }

    // ---- data types ----

    private static Meta Meta(ref Utf8JsonReader r)
    {
        var x = new Meta();
        Span<char> b = stackalloc char[MaxNameChars];
        Begin(ref r);
        while (Next(ref r, b, out var n))
        {
            switch (b[..n])
            {
                case "versionId": Once(x.VersionIdElement); x.VersionIdElement = Id(ref r); break;
                case "lastUpdated": Once(x.LastUpdatedElement); x.LastUpdatedElement = Instant(ref r); break;
                case "source": Once(x.SourceElement); x.SourceElement = Uri(ref r); break;
                case "profile": Once(x.ProfileElement); x.ProfileElement = List(ref r, static (ref Utf8JsonReader v) => (PrimitiveType)Canonical(ref v)); break;
                default: throw NotProjected.Instance;
            }
        }

        return x;
    }

    private static Identifier Identifier(ref Utf8JsonReader r)
    {
        var x = new Identifier();
        Span<char> b = stackalloc char[MaxNameChars];
        Begin(ref r);
        while (Next(ref r, b, out var n))
        {
            switch (b[..n])
            {
                case "use": Once(x.UseElement); x.UseElement = Enum<Identifier.IdentifierUse>(ref r); break;
                case "type": Once(x.Type); x.Type = Concept(ref r); break;
                case "system": Once(x.SystemElement); x.SystemElement = Uri(ref r); break;
                case "value": Once(x.ValueElement); x.ValueElement = String(ref r); break;
                case "period": Once(x.Period); x.Period = Period(ref r); break;
                default: throw NotProjected.Instance; // assigner: a Reference inside an Identifier inside a Reference, left to Firely
            }
        }

        return x;
    }

    private static CodeableConcept Concept(ref Utf8JsonReader r)
    {
        var x = new CodeableConcept();
        Span<char> b = stackalloc char[MaxNameChars];
        Begin(ref r);
        while (Next(ref r, b, out var n))
        {
            switch (b[..n])
            {
                case "coding": Once(x.Coding); x.Coding = List(ref r, Coding); break;
                case "text": Once(x.TextElement); x.TextElement = String(ref r); break;
                default: throw NotProjected.Instance;
            }
        }

        return x;
    }

    private static Coding Coding(ref Utf8JsonReader r)
    {
        var x = new Coding();
        Span<char> b = stackalloc char[MaxNameChars];
        Begin(ref r);
        while (Next(ref r, b, out var n))
        {
            switch (b[..n])
            {
                case "system": Once(x.SystemElement); x.SystemElement = Uri(ref r); break;
                case "version": Once(x.VersionElement); x.VersionElement = String(ref r); break;
                case "code": Once(x.CodeElement); x.CodeElement = Code(ref r); break;
                case "display": Once(x.DisplayElement); x.DisplayElement = String(ref r); break;
                case "userSelected": Once(x.UserSelectedElement); x.UserSelectedElement = Boolean(ref r); break;
                default: throw NotProjected.Instance;
            }
        }

        return x;
    }

    private static ResourceReference Reference(ref Utf8JsonReader r)
    {
        var x = new ResourceReference();
        Span<char> b = stackalloc char[MaxNameChars];
        Begin(ref r);
        while (Next(ref r, b, out var n))
        {
            switch (b[..n])
            {
                case "reference": Once(x.ReferenceElement); x.ReferenceElement = String(ref r); break;
                case "type": Once(x.TypeElement); x.TypeElement = Uri(ref r); break;
                case "identifier": Once(x.Identifier); x.Identifier = Identifier(ref r); break;
                case "display": Once(x.DisplayElement); x.DisplayElement = String(ref r); break;
                default: throw NotProjected.Instance;
            }
        }

        return x;
    }

    private static Period Period(ref Utf8JsonReader r)
    {
        var x = new Period();
        Span<char> b = stackalloc char[MaxNameChars];
        Begin(ref r);
        while (Next(ref r, b, out var n))
        {
            switch (b[..n])
            {
                case "start": Once(x.StartElement); x.StartElement = DateTime(ref r); break;
                case "end": Once(x.EndElement); x.EndElement = DateTime(ref r); break;
                default: throw NotProjected.Instance;
            }
        }

        return x;
    }

    private static Money Money(ref Utf8JsonReader r)
    {
        var x = new Money();
        Span<char> b = stackalloc char[MaxNameChars];
        Begin(ref r);
        while (Next(ref r, b, out var n))
        {
            switch (b[..n])
            {
                case "value": Once(x.ValueElement); x.ValueElement = Decimal(ref r); break;
                case "currency": Once(x.CurrencyElement); x.CurrencyElement = Enum<Money.Currencies>(ref r); break;
                default: throw NotProjected.Instance;
            }
        }

        return x;
    }

    private static Quantity Quantity(ref Utf8JsonReader r)
    {
        var x = new Quantity();
        Span<char> b = stackalloc char[MaxNameChars];
        Begin(ref r);
        while (Next(ref r, b, out var n))
        {
            switch (b[..n])
            {
                case "value": Once(x.ValueElement); x.ValueElement = Decimal(ref r); break;
                case "unit": Once(x.UnitElement); x.UnitElement = String(ref r); break;
                case "system": Once(x.SystemElement); x.SystemElement = Uri(ref r); break;
                case "code": Once(x.CodeElement); x.CodeElement = Code(ref r); break;
                default: throw NotProjected.Instance; // comparator is not allowed in a SimpleQuantity: Firely judges it
            }
        }

        return x;
    }

    // ---- primitives: each accepts only the plain, valid form; anything else goes to Firely ----

    private static Id Id(ref Utf8JsonReader r)
    {
        var s = Str(ref r);
        return Valid(s, Hl7.Fhir.Model.Id.IsValidValue) ? new Id(s) : throw NotProjected.Instance;
    }

    private static FhirString String(ref Utf8JsonReader r) => new(Str(ref r));

    private static Code Code(ref Utf8JsonReader r)
    {
        var s = Str(ref r);
        return Valid(s, Hl7.Fhir.Model.Code.IsValidValue) ? new Code(s) : throw NotProjected.Instance;
    }

    private static FhirUri Uri(ref Utf8JsonReader r)
    {
        var s = Str(ref r);
        return Valid(s, FhirUri.IsValidValue) ? new FhirUri(s) : throw NotProjected.Instance;
    }

    private static Canonical Canonical(ref Utf8JsonReader r)
    {
        var s = Str(ref r);
        return Valid(s, Hl7.Fhir.Model.Canonical.IsValidValue) ? new Canonical(s) : throw NotProjected.Instance;
    }

    private static FhirDateTime DateTime(ref Utf8JsonReader r)
    {
        var s = Str(ref r);
        return Valid(s, FhirDateTime.IsValidValue) ? new FhirDateTime(s) : throw NotProjected.Instance;
    }

    private static Date Date(ref Utf8JsonReader r)
    {
        var s = Str(ref r);
        return Valid(s, Hl7.Fhir.Model.Date.IsValidValue) ? new Date(s) : throw NotProjected.Instance;
    }

    private static Instant Instant(ref Utf8JsonReader r)
    {
        var s = Str(ref r);
        return Hl7.Fhir.Model.Instant.IsValidValue(s) && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? new Instant(value)
            : throw NotProjected.Instance;
    }

    private static PositiveInt Positive(ref Utf8JsonReader r) =>
        r.TokenType == JsonTokenType.Number && r.TryGetInt32(out var value) && value > 0 ? new PositiveInt(value) : throw NotProjected.Instance;

    private static FhirBoolean Boolean(ref Utf8JsonReader r) => r.TokenType switch
    {
        JsonTokenType.True => new FhirBoolean(true),
        JsonTokenType.False => new FhirBoolean(false),
        _ => throw NotProjected.Instance,
    };

    private static FhirDecimal Decimal(ref Utf8JsonReader r) =>
        r.TokenType == JsonTokenType.Number && r.ValueSpan.IndexOfAny("eE"u8) < 0 && r.TryGetDecimal(out var value) ? new FhirDecimal(value) : throw NotProjected.Instance;

    private static Code<T> Enum<T>(ref Utf8JsonReader r)
        where T : struct, Enum
    {
        var literal = Str(ref r);
        var cache = EnumLiterals<T>.Values ??= [];
        if (!cache.TryGetValue(literal, out var parsed))
        {
            parsed = EnumUtility.ParseLiteral<T>(literal) is { } value && EnumUtility.GetLiteral(value) == literal ? value : null;
            if (cache.Count >= 256)
            {
                cache.Clear();
            }

            cache[literal] = parsed;
        }

        return parsed is { } known ? new Code<T>(known) : throw NotProjected.Instance;
    }

    /// <summary>Each thread's answers of <see cref="EnumUtility.ParseLiteral{T}"/> (exact literals only), bounded.</summary>
    private static class EnumLiterals<T>
        where T : struct, Enum
    {
        [ThreadStatic]
        public static Dictionary<string, T?>? Values;
    }

    // Firely's validity checks are regular expressions; exports repeat the same systems, codes and dates endlessly,
    // so each thread remembers the answers (bounded, so a hostile file cannot grow it).
    [ThreadStatic]
    private static Dictionary<(string, Func<string, bool>), bool>? _valid;

    private static bool Valid(string value, Func<string, bool> check)
    {
        var cache = _valid ??= [];
        if (cache.TryGetValue((value, check), out var valid))
        {
            return valid;
        }

        valid = check(value);
        if (cache.Count >= 16_384)
        {
            cache.Clear();
        }

        cache[(value, check)] = valid;
        return valid;
    }

    /// <summary>A JSON string that is not empty, not padded with whitespace and not over Firely's string limit.</summary>
    private static string Str(ref Utf8JsonReader r)
    {
        if (r.TokenType != JsonTokenType.String)
        {
            throw NotProjected.Instance;
        }

        var s = r.GetString()!;
        return s.Length is 0 or > MaxStringChars || char.IsWhiteSpace(s[0]) || char.IsWhiteSpace(s[^1]) ? throw NotProjected.Instance : s;
    }

    // ---- structure ----

    /// <summary>
    /// Moves to the next property of the current object and onto its value; false at the object's end. The reader must
    /// be on the object's start (first call) or on the previous value (which, if a container, the caller has read to its end).
    /// An empty object, a null value or an escaped or overlong name is not projected.
    /// </summary>
    private static bool Next(ref Utf8JsonReader r, scoped Span<char> name, out int length)
    {
        var first = r.TokenType == JsonTokenType.StartObject;
        if (!r.Read())
        {
            throw NotProjected.Instance;
        }

        if (r.TokenType == JsonTokenType.EndObject)
        {
            length = 0;
            return first ? throw NotProjected.Instance : false;
        }

        if (r.TokenType != JsonTokenType.PropertyName || r.ValueIsEscaped || r.ValueSpan.Length > name.Length)
        {
            throw NotProjected.Instance;
        }

        length = Encoding.UTF8.GetChars(r.ValueSpan, name);
        if (!r.Read() || r.TokenType is JsonTokenType.Null)
        {
            throw NotProjected.Instance;
        }

        return true;
    }

    private static List<T> List<T>(ref Utf8JsonReader r, ReadValue<T> read)
    {
        if (r.TokenType != JsonTokenType.StartArray)
        {
            throw NotProjected.Instance;
        }

        var list = new List<T>();
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            if (r.TokenType is JsonTokenType.Null or JsonTokenType.StartArray)
            {
                throw NotProjected.Instance;
            }

            list.Add(read(ref r));
        }

        return list.Count == 0 ? throw NotProjected.Instance : list;
    }

    /// <summary>Where an object is expected, anything else (a string, a number…) is Firely's to judge.</summary>
    private static void Begin(ref Utf8JsonReader r)
    {
        if (r.TokenType != JsonTokenType.StartObject)
        {
            throw NotProjected.Instance;
        }
    }

    /// <summary>A property seen twice is Firely's to judge (it keeps the last one and notes it).</summary>
    private static void Once(object? current)
    {
        if (current is not null and not System.Collections.ICollection { Count: 0 })
        {
            throw NotProjected.Instance;
        }
    }

    /// <summary>A missing required element is Firely's to note.</summary>
    private static void Required(params ReadOnlySpan<object?> values)
    {
        foreach (var value in values)
        {
            if (value is null or System.Collections.ICollection { Count: 0 })
            {
                throw NotProjected.Instance;
            }
        }
    }

    /// <summary>Thrown inside the reader to give up on a resource; never escapes <see cref="TryRead"/>.</summary>
    private sealed class NotProjected : Exception
    {
        public static readonly NotProjected Instance = new();
    }
}
