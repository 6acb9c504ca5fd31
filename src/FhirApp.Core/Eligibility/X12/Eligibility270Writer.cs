using System.Globalization;
using FhirApp.Core.Common.X12;

namespace FhirApp.Core.Eligibility.X12;

/// <summary>
/// Writes an eligibility question as a 270 (005010X279A1): the payer (2100A), the provider asking (2100B), the subscriber
/// (2100C) with the member id, name and date of birth, and, for a dependent patient, the patient (2100D); service type
/// 30 (health benefit plan coverage) on the date of service. One ST per file. Hand-written on the shared X12 builder
/// because no X12 library is served here.
/// </summary>
public static class Eligibility270Writer
{
    public const string Version = "005010X279A1";

    public static string Write(EligibilityQuery query, ClearinghouseSettings clearinghouse, string payerId, DateTimeOffset now, int controlNumber)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(clearinghouse);
        var utc = now.UtcDateTime;
        var x = new X12Builder(X12Separators.Default, lineBreaks: true);
        var control = X12Builder.ControlNumber(controlNumber);
        var date = utc.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var time = utc.ToString("HHmm", CultureInfo.InvariantCulture);
        x.Isa("ZZ", clearinghouse.SubmitterId, "ZZ", clearinghouse.ReceiverId, utc, controlNumber, clearinghouse.Usage[0]);
        x.Segment("GS", "HS", clearinghouse.SubmitterId, clearinghouse.ReceiverId, date, time, controlNumber.ToString(CultureInfo.InvariantCulture), "X", Version);
        x.StartTransaction();
        x.Segment("ST", "270", "0001", Version);
        x.Segment("BHT", "0022", "13", x.Text(query.TraceNumber, 50), date, time);
        x.Segment("HL", "1", "", "20", "1");
        x.Segment("NM1", "PR", "2", x.Text(query.PayerName, 60), "", "", "", "", "PI", x.Text(payerId, 80));
        x.Segment("HL", "2", "1", "21", "1");
        x.Segment("NM1", "1P", "2", x.Text(query.ProviderName, 60), "", "", "", "", "XX", query.ProviderNpi);
        x.Segment("HL", "3", "2", "22", query.Dependent is null ? "0" : "1");
        if (query.Dependent is null)
        {
            x.Segment("TRN", "1", x.Text(query.TraceNumber, 50), OriginatorId(clearinghouse.SubmitterId));
        }

        Person(x, "IL", query.Subscriber, query.Dependent is null ? query.ServiceDate : null);
        if (query.Dependent is { } dependent)
        {
            x.Segment("HL", "4", "3", "23", "0");
            x.Segment("TRN", "1", x.Text(query.TraceNumber, 50), OriginatorId(clearinghouse.SubmitterId));
            Person(x, "03", dependent, query.ServiceDate);
        }

        x.Segment("SE", (x.TransactionSegments + 1).ToString(CultureInfo.InvariantCulture), "0001");
        x.Segment("GE", "1", controlNumber.ToString(CultureInfo.InvariantCulture));
        x.Segment("IEA", "1", control);
        return x.ToString();
    }

    // NM1 (+ DMG), then the date and service type of the question on the patient's own loop.
    private static void Person(X12Builder x, string entity, EligibilityPerson person, DateOnly? serviceDate)
    {
        x.Segment("NM1", entity, "1", x.Text(person.Last, 60), x.Text(person.First, 35), "", "", "",
            person.MemberId is null ? "" : "MI", person.MemberId is null ? "" : x.Text(person.MemberId, 80));
        if (person.BirthDate is { } dob)
        {
            x.Segment("DMG", "D8", dob.ToString("yyyyMMdd", CultureInfo.InvariantCulture), person.Gender is "M" or "F" ? person.Gender : "U");
        }

        if (serviceDate is { } dos)
        {
            x.Segment("DTP", "291", "D8", dos.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
            x.Segment("EQ", "30");
        }
    }

    /// <summary>TRN03: ten characters, "9" (a mutually defined number) and the submitter id, letters and digits only.</summary>
    private static string OriginatorId(string submitterId)
    {
        var id = new string([.. submitterId.Where(char.IsAsciiLetterOrDigit).Select(char.ToUpperInvariant)]);
        return ("9" + id).PadRight(10, '0')[..10];
    }
}
