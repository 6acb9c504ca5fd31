using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FhirApp.Core.Claims.Fhir;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Remittance;

/// <summary>
/// Maps each 835 claim (CLP) to a FHIR R4 ExplanationOfBenefit in the CARIN Blue Button style the denials intake
/// already reads (<see cref="Denials.DenialDetector"/>), so remits and payer FHIR EOBs go through the same code:
/// <list type="bullet">
/// <item><c>claim</c>: the practice's Claim matched by CLP01 when an index is given, else <c>Claim/{CLP01}</c> (or a
/// logical reference by identifier when CLP01 is not a FHIR id); <c>identifier</c>: CLP07, type CARIN "uc".</item>
/// <item>Line and claim adjudication: submitted (SVC02/CLP03), eligible (AMT*B6), benefit (SVC03/CLP04), deductible,
/// coinsurance and copay (PR-1/2/3), and one CARIN <c>adjustmentreason</c> entry per CAS triplet with its group code and
/// CARC (amount, quantity as value) and per RARC (LQ*HE, MOA).</item>
/// <item>CLP02 = 22 (reversal): status <c>cancelled</c>, amounts negated back to the adjudication it withdraws;
/// 23 (not our claim): outcome <c>error</c>; 25: use <c>predetermination</c>; everything else active and complete.</item>
/// <item>Id from (payer, CLP07); meta.versionId from the payment (TRN), CLP02 and amounts; meta.lastUpdated from the
/// group's creation time plus the claim's place in the file, so a correction after its reversal is the newer version.
/// Ingest is idempotent by payer claim control number and version.</item>
/// </list>
/// </summary>
public sealed class RemittanceEobMapper(RemittanceClaimIndex? claims = null)
{
    public const string PayerClaimNumberSystem = "urn:fhirapp:x12:835:payer-claim-control-number";
    public const string PatientControlNumberSystem = "urn:fhirapp:x12:patient-control-number";
    public const string PayerIdSystem = "urn:fhirapp:x12:payer-id";
    public const string MemberIdSystem = "urn:fhirapp:x12:member-id";
    public const string TaxIdSystem = "urn:oid:2.16.840.1.113883.4.4";

    private const string Adjudication = "http://terminology.hl7.org/CodeSystem/adjudication";
    private const string CarinAdjudication = "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudication";
    private const string Discriminator = "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudicationDiscriminator";
    private const string GroupSystem = "https://x12.org/codes/claim-adjustment-group-codes";
    private const string CarcSystem = "https://x12.org/codes/claim-adjustment-reason-codes";
    private const string RarcSystem = "https://x12.org/codes/remittance-advice-remark-codes";
    private const string IdentifierType = "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBIdentifierType";
    private const string CareTeamRole = "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBClaimCareTeamRole";
    private const string SupportingInfoType = "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBSupportingInfoType";
    private const string ClaimType = "http://terminology.hl7.org/CodeSystem/claim-type";

    /// <summary>The Claim CLP01 names, when an index was given and holds it.</summary>
    public Claim? Match(RemittanceAdvice.ClaimPayment payment)
    {
        ArgumentNullException.ThrowIfNull(payment);
        return claims?.Find(payment.PatientControlNumber);
    }

    /// <summary>Every claim of an accepted file, in file order.</summary>
    public IEnumerable<ExplanationOfBenefit> MapAll(Era835ReadResult file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return file.Remittances.SelectMany(r => r.Claims.Select(c => Map(r, c)));
    }

    public ExplanationOfBenefit Map(RemittanceAdvice remittance, RemittanceAdvice.ClaimPayment payment)
    {
        ArgumentNullException.ThrowIfNull(remittance);
        ArgumentNullException.ThrowIfNull(payment);
        var matched = Match(payment);
        // A reversal carries the withdrawn adjudication's amounts negated: flip them back so the cancelled EOB reads as
        // what it withdraws, and the detector reports the payment taken back.
        var sign = payment.IsReversal ? -1m : 1m;
        var currency = Currency(remittance.Currency);
        var created = remittance.ProductionDate ?? remittance.PaymentDate ?? DateOnly.FromDateTime(remittance.Created.UtcDateTime);
        var eob = new ExplanationOfBenefit
        {
            Id = EobId(remittance.PayerKey, payment.PayerClaimNumber),
            Meta = new Meta
            {
                VersionId = VersionId(remittance, payment),
                LastUpdated = remittance.Created.AddMilliseconds(payment.Ordinal),
            },
            Identifier =
            [
                new Identifier(PayerClaimNumberSystem, payment.PayerClaimNumber)
                {
                    Type = new CodeableConcept(IdentifierType, "uc"),
                    Assigner = new ResourceReference { Display = remittance.Payer.Name },
                },
            ],
            Status = payment.IsReversal ? ExplanationOfBenefit.ExplanationOfBenefitStatus.Cancelled : ExplanationOfBenefit.ExplanationOfBenefitStatus.Active,
            Type = new CodeableConcept(ClaimType, payment.Lines.Any(l => l.Qualifier == "NU" || l.RevenueCode is not null) ? "institutional" : "professional"),
            Use = payment.Status == "25" ? ClaimUseCode.Predetermination : ClaimUseCode.Claim,
            Patient = Copy(matched?.Patient) ?? PatientReference(payment),
            BillablePeriod = BillablePeriod(payment),
            Created = Iso(created),
            Insurer = Copy(matched?.Insurer) ?? new ResourceReference
            {
                Identifier = new Identifier(PayerIdSystem, remittance.PayerKey),
                Display = remittance.Payer.Name,
            },
            Provider = Copy(matched?.Provider) ?? Payee(remittance.Payee),
            Claim = ClaimReference(matched, payment),
            Outcome = payment.Status == "23" ? ClaimProcessingCodes.Error : ClaimProcessingCodes.Complete,
            Disposition = Disposition(payment.Status, payment.CrossoverPayer),
            Insurance = [new ExplanationOfBenefit.InsuranceComponent { Focal = true, Coverage = Coverage(matched, payment) }],
        };
        if (payment.Rendering is { } rendering)
        {
            eob.CareTeam.Add(new ExplanationOfBenefit.CareTeamComponent
            {
                Sequence = 1,
                Provider = PersonReference(rendering),
                Responsible = true,
                Role = new CodeableConcept(CareTeamRole, "rendering"),
            });
        }

        if (payment.Received is { } received)
        {
            eob.SupportingInfo.Add(new ExplanationOfBenefit.SupportingInformationComponent
            {
                Sequence = 1,
                Category = new CodeableConcept(SupportingInfoType, "clmrecvddate"),
                Timing = new Date(Iso(received)),
            });
        }

        AddItems(eob, payment, matched, sign, currency);
        eob.Adjudication.AddRange(Adjustments(payment.Adjustments, payment.RemarkCodes, sign, currency));
        eob.Total.Add(Total(Adjudication, "submitted", sign * payment.Charge, currency));
        eob.Total.Add(Total(Adjudication, "benefit", sign * payment.Paid, currency));
        if (payment.PatientResponsibility is { } patient)
        {
            eob.Total.Add(Total(CarinAdjudication, "memberliability", sign * patient, currency));
        }

        eob.Payment = new ExplanationOfBenefit.PaymentComponent
        {
            Amount = Money(sign * payment.Paid, currency),
            Date = remittance.PaymentDate is { } paid ? Iso(paid) : null,
            Identifier = remittance.TraceNumber is { } trace ? new Identifier("urn:fhirapp:x12:835:trace-number", trace) : null,
        };
        return eob;
    }

    /// <summary>
    /// "era-{CLP07, made id-safe, at most 32 characters}-{16 hex digits of SHA-256 over payer and CLP07}": readable,
    /// a valid FHIR id, and the same for the same payer claim whatever file it comes in.
    /// </summary>
    public static string EobId(string payerKey, string payerClaimNumber)
    {
        ArgumentNullException.ThrowIfNull(payerKey);
        ArgumentNullException.ThrowIfNull(payerClaimNumber);
        var readable = new string([.. payerClaimNumber.Trim().Take(32).Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '-')]);
        return $"era-{readable}-{Hash(payerKey.Trim().ToUpperInvariant() + "|" + payerClaimNumber.Trim())}";
    }

    // Same payment (trace), same status and amounts, same occurrence = same version, whichever envelope re-delivers it.
    private static string VersionId(RemittanceAdvice remittance, RemittanceAdvice.ClaimPayment payment)
    {
        var key = string.Join('|', remittance.TraceNumber, remittance.TraceOriginator, payment.Status,
            payment.Charge.ToString(CultureInfo.InvariantCulture), payment.Paid.ToString(CultureInfo.InvariantCulture), payment.Occurrence.ToString(CultureInfo.InvariantCulture));
        return Hash(key);
    }

    private static string Hash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];

    private static void AddItems(ExplanationOfBenefit eob, RemittanceAdvice.ClaimPayment payment, Claim? matched, decimal sign, Money.Currencies currency)
    {
        var used = new HashSet<int>();
        var claimLines = matched?.Item ?? [];
        for (var i = 0; i < payment.Lines.Count; i++)
        {
            var line = payment.Lines[i];
            var code = line.SubmittedCode ?? line.Code;
            var qualifier = line.SubmittedCode is null ? line.Qualifier : line.SubmittedQualifier ?? line.Qualifier;
            var modifiers = line.SubmittedCode is null ? line.Modifiers : line.SubmittedModifiers;
            var from = line.From ?? payment.StatementFrom;
            var to = line.To ?? payment.StatementTo ?? from;
            var sequence = Sequence(line, code, from, claimLines, used) ?? NextFree(i + 1, used);
            used.Add(sequence);
            var item = new ExplanationOfBenefit.ItemComponent
            {
                Sequence = sequence,
                ProductOrService = Procedure(qualifier, code),
                Modifier = [.. modifiers.Select(m => new CodeableConcept(m.Length > 0 && char.IsAsciiDigit(m[0]) ? FhirValues.CptSystem : FhirValues.HcpcsSystem, m))],
                Quantity = new Quantity { Value = Math.Abs(line.SubmittedUnits ?? line.Units ?? 1) },
                Net = Money(sign * line.Charge, currency),
            };
            if (line.RevenueCode is not null && line.Qualifier != "NU")
            {
                item.Revenue = new CodeableConcept("https://www.nubc.org/CodeSystem/RevenueCodes", line.RevenueCode);
            }

            if (from is { } start)
            {
                item.Serviced = to is { } end && end != start ? new Period(new FhirDateTime(Iso(start)), new FhirDateTime(Iso(end))) : new Date(Iso(start));
            }

            if (eob.CareTeam.Count > 0)
            {
                item.CareTeamSequence = [1];
            }

            item.Adjudication.Add(Entry(Adjudication, "submitted", sign * line.Charge, currency));
            if (line.Allowed is { } allowed)
            {
                item.Adjudication.Add(Entry(Adjudication, "eligible", sign * allowed, currency));
            }

            item.Adjudication.AddRange(Adjustments(line.Adjustments, line.RemarkCodes, sign, currency));
            item.Adjudication.Add(Entry(Adjudication, "benefit", sign * line.Paid, currency));
            eob.Item.Add(item);
        }
    }

    // The claim line this service line answers: REF*6R when it is a small line number, else the practice's line with the
    // same code and date; null = by position.
    private static int? Sequence(RemittanceAdvice.ServiceLine line, string code, DateOnly? date, List<Claim.ItemComponent> claimLines, HashSet<int> used)
    {
        if (int.TryParse(line.ControlNumber, NumberStyles.None, CultureInfo.InvariantCulture, out var control) && control is > 0 and < 10_000 && !used.Contains(control))
        {
            return control;
        }

        return claimLines.Where(l => l.Sequence is { } s && !used.Contains(s)
                && l.ProductOrService?.Coding.Exists(c => string.Equals(c.Code, code, StringComparison.OrdinalIgnoreCase)) == true
                && (date is null || FhirValues.StartDate(l.Serviced) is null || FhirValues.StartDate(l.Serviced) == date))
            .Select(l => l.Sequence)
            .FirstOrDefault();
    }

    private static int NextFree(int from, HashSet<int> used)
    {
        while (used.Contains(from))
        {
            from++;
        }

        return from;
    }

    private static IEnumerable<ExplanationOfBenefit.AdjudicationComponent> Adjustments(
        IReadOnlyList<RemittanceAdvice.Adjustment> adjustments, IReadOnlyList<string> remarks, decimal sign, Money.Currencies currency)
    {
        foreach (var adjustment in adjustments)
        {
            var amount = sign * adjustment.Amount;
            // CARIN's cost-sharing categories, beside the adjustment reason that explains them.
            if (adjustment.Group == "PR" && adjustment.Reason is "1" or "2" or "3")
            {
                yield return adjustment.Reason switch
                {
                    "1" => Entry(Adjudication, "deductible", amount, currency),
                    "2" => Entry(CarinAdjudication, "coinsurance", amount, currency),
                    _ => Entry(Adjudication, "copay", amount, currency),
                };
            }

            var reason = new CodeableConcept();
            reason.Coding.Add(new Coding(GroupSystem, adjustment.Group));
            reason.Coding.Add(new Coding(CarcSystem, adjustment.Reason));
            yield return new ExplanationOfBenefit.AdjudicationComponent
            {
                Category = new CodeableConcept(Discriminator, "adjustmentreason"),
                Reason = reason,
                Amount = Money(amount, currency),
                Value = adjustment.Quantity is { } quantity ? sign * quantity : null,
            };
        }

        foreach (var remark in remarks)
        {
            yield return new ExplanationOfBenefit.AdjudicationComponent
            {
                Category = new CodeableConcept(Discriminator, "adjustmentreason"),
                Reason = new CodeableConcept(RarcSystem, remark),
            };
        }
    }

    private static CodeableConcept Procedure(string qualifier, string code) => qualifier switch
    {
        "HC" => new CodeableConcept(code.Length > 0 && char.IsAsciiLetter(code[0]) ? FhirValues.HcpcsSystem : FhirValues.CptSystem, code),
        "N4" => new CodeableConcept("http://hl7.org/fhir/sid/ndc", code),
        "NU" => new CodeableConcept("https://www.nubc.org/CodeSystem/RevenueCodes", code),
        "AD" => new CodeableConcept("http://www.ada.org/cdt", code),
        _ => new CodeableConcept($"urn:fhirapp:x12:product-service-qualifier:{qualifier}", code),
    };

    private static Period? BillablePeriod(RemittanceAdvice.ClaimPayment payment)
    {
        var start = payment.StatementFrom ?? payment.Lines.Select(l => l.From).Where(d => d is not null).Min();
        var end = payment.StatementTo ?? payment.Lines.Select(l => l.To).Where(d => d is not null).Max() ?? start;
        return start is null ? null : new Period(new FhirDateTime(Iso(start.Value)), new FhirDateTime(Iso(end ?? start.Value)));
    }

    private static ResourceReference ClaimReference(Claim? matched, RemittanceAdvice.ClaimPayment payment)
    {
        if (matched?.Id is { Length: > 0 } id)
        {
            return new ResourceReference("Claim/" + id);
        }

        var number = payment.PatientControlNumber.Trim();
        return IsFhirId(number)
            ? new ResourceReference("Claim/" + number)
            : new ResourceReference { Identifier = new Identifier(PatientControlNumberSystem, number) };
    }

    private static ResourceReference PatientReference(RemittanceAdvice.ClaimPayment payment)
    {
        var person = payment.Patient ?? payment.Insured;
        var reference = new ResourceReference { Display = string.IsNullOrEmpty(person?.Display) ? $"Patient of claim {payment.PatientControlNumber}" : person.Display };
        // A member id identifies the patient to the payer; an SSN (NM108 = 34) is never copied.
        var member = new[] { payment.Patient, payment.Insured }.FirstOrDefault(p => p?.Qualifier is "MI" or "II" && p.Id is not null);
        if (member is not null)
        {
            reference.Identifier = new Identifier(MemberIdSystem, member.Id);
        }

        return reference;
    }

    private static ResourceReference Coverage(Claim? matched, RemittanceAdvice.ClaimPayment payment)
    {
        var focal = matched?.Insurance.Find(i => i.Focal == true) ?? matched?.Insurance.FirstOrDefault();
        if (Copy(focal?.Coverage) is { } coverage)
        {
            return coverage;
        }

        var member = new[] { payment.Insured, payment.Patient }.FirstOrDefault(p => p?.Qualifier is "MI" or "II" && p.Id is not null);
        return new ResourceReference { Identifier = member is null ? null : new Identifier(MemberIdSystem, member.Id), Display = "Coverage of the 835's member" };
    }

    private static ResourceReference Payee(RemittanceAdvice.Party payee)
    {
        var reference = new ResourceReference { Display = payee.Name };
        if (payee.IdQualifier == "XX" && payee.Id is not null)
        {
            reference.Identifier = new Identifier(FhirValues.NpiSystem, payee.Id);
        }
        else if (payee.IdQualifier == "FI" && payee.Id is not null)
        {
            reference.Identifier = new Identifier(TaxIdSystem, payee.Id);
        }

        return reference;
    }

    private static ResourceReference PersonReference(RemittanceAdvice.Person person) => new()
    {
        Identifier = person.Qualifier == "XX" && person.Id is not null ? new Identifier(FhirValues.NpiSystem, person.Id) : null,
        Display = person.Display,
    };

    private static string Disposition(string status, string? crossover) => status switch
    {
        "1" => "Processed as primary",
        "2" => "Processed as secondary",
        "3" => "Processed as tertiary",
        "4" => "Denied",
        "19" => "Processed as primary, forwarded to another payer" + (crossover is null ? "" : $" ({crossover})"),
        "20" => "Processed as secondary, forwarded to another payer" + (crossover is null ? "" : $" ({crossover})"),
        "21" => "Processed as tertiary, forwarded to another payer" + (crossover is null ? "" : $" ({crossover})"),
        "22" => "Reversal of a previous payment",
        "23" => "Not our claim: forwarded to another payer" + (crossover is null ? "" : $" ({crossover})"),
        "25" => "Predetermination pricing only: no payment",
        _ => "Claim status " + status,
    };

    private static ResourceReference? Copy(ResourceReference? reference) => (ResourceReference?)reference?.DeepCopy();

    private static ExplanationOfBenefit.AdjudicationComponent Entry(string system, string code, decimal amount, Money.Currencies currency) => new()
    {
        Category = new CodeableConcept(system, code),
        Amount = Money(amount, currency),
    };

    private static ExplanationOfBenefit.TotalComponent Total(string system, string code, decimal amount, Money.Currencies currency) => new()
    {
        Category = new CodeableConcept(system, code),
        Amount = Money(amount, currency),
    };

    private static Money Money(decimal value, Money.Currencies currency) => new() { Value = value, Currency = currency };

    private static Money.Currencies Currency(string code) =>
        Enum.TryParse<Money.Currencies>(code, ignoreCase: true, out var currency) ? currency : Hl7.Fhir.Model.Money.Currencies.USD;

    private static bool IsFhirId(string value) =>
        value.Length is > 0 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.');

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
