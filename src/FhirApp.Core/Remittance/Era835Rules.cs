using FhirApp.Core.Common.X12;
using static FhirApp.Core.Common.X12.X12DataType;
using static FhirApp.Core.Common.X12.X12ElementRule;

namespace FhirApp.Core.Remittance;

/// <summary>
/// The 835 (005010X221A1) as tables: the loops with the segments each may hold and how often, and the elements of each
/// segment. The reader reads payers' files leniently (required elements, types and codes; not lengths).
/// </summary>
internal static class Era835Rules
{
    /// <summary>CLP02 claim status codes (X12 code source 1029 as the 835 uses it).</summary>
    public static readonly string[] ClaimStatuses = ["1", "2", "3", "4", "19", "20", "21", "22", "23", "25"];

    public static readonly string[] GroupCodes = ["CO", "CR", "OA", "PI", "PR"];

    private const int Many = 999_999;

    private static readonly X12SegmentKey Cas = new("CAS");

    // 2110 service payment information.
    private static readonly X12LoopRule Line = new("2110", new("SVC"), 999, false)
    {
        Segments =
        [
            new(new("DTM", 1, "472"), 1), new(new("DTM", 1, "150"), 1), new(new("DTM", 1, "151"), 1),
            new(Cas, 99),
            new(new("REF"), 30),
            new(new("AMT", 1, "B6"), 1), new(new("AMT"), 8),
            new(new("QTY"), 6),
            new(new("LQ"), 99),
        ],
    };

    // 2100 claim payment information.
    private static readonly X12LoopRule Claim = new("2100", new("CLP"), Many, false)
    {
        Segments =
        [
            new(Cas, 99),
            new(new("NM1", 1, "QC"), 1, Required: true), new(new("NM1", 1, "IL"), 1), new(new("NM1", 1, "74"), 1), new(new("NM1", 1, "82"), 1),
            new(new("NM1", 1, "TT"), 1), new(new("NM1", 1, "PR"), 1), new(new("NM1", 1, "GB"), 1),
            new(new("MIA"), 1), new(new("MOA"), 1),
            new(new("REF"), 15),
            new(new("DTM", 1, "232"), 1), new(new("DTM", 1, "233"), 1), new(new("DTM", 1, "050"), 1),
            new(new("DTM", 1, "036"), 1), new(new("DTM", 1, "037"), 1),
            new(new("PER"), 3),
            new(new("AMT"), 14),
            new(new("QTY"), 15),
        ],
        Loops = [Line],
    };

    /// <summary>The transaction set (ST…SE) and its loops.</summary>
    public static readonly X12LoopRule Transaction = new("835", new("ST"), 1, true)
    {
        Segments =
        [
            new(new("BPR"), 1, Required: true),
            new(new("TRN"), 1, Required: true),
            new(new("CUR"), 1),
            new(new("REF"), 2),
            new(new("DTM", 1, "405"), 1),
            new(new("PLB"), Many),
        ],
        Loops =
        [
            new("1000A", new("N1", 1, "PR"), 1, true)
            {
                Segments = [new(new("N3"), 1), new(new("N4"), 1), new(new("REF"), 4), new(new("PER"), 3)],
            },
            new("1000B", new("N1", 1, "PE"), 1, true)
            {
                Segments = [new(new("N3"), 1), new(new("N4"), 1), new(new("REF"), 10), new(new("RDM"), 1)],
            },
            new("2000", new("LX"), Many, false)
            {
                Segments = [new(new("TS3"), 1), new(new("TS2"), 1)],
                Loops = [Claim],
            },
            // Some payers send CLP without the LX header number: read it all the same.
            Claim,
        ],
    };

    /// <summary>The functional group header: HP (claim payment/advice), with the date and time the payer created it.</summary>
    public static readonly X12SegmentRule Group = X12SegmentRule.Of("GS", M(ID, 2, 2, "HP"), M(AN, 2, 15), M(AN, 2, 15), M(DT, 8, 8), M(TM, 4, 8), M(N0, 1, 9), M(ID, 1, 2, "X"), M(AN, 1, 12));

    private static X12ElementRule Amount(bool required = false) => required ? M(R, 1, 18) : O(R, 1, 18);

    private static X12ElementRule Text(int max = 50) => O(AN, 1, max);

    private static readonly X12ElementRule Procedure = MC(M(ID, 2, 2), M(AN, 1, 48), O(AN, 2, 2), O(AN, 2, 2), O(AN, 2, 2), O(AN, 2, 2), O(AN, 1, 80), O(AN, 1, 48));

    /// <summary>Element rules by segment id.</summary>
    public static readonly IReadOnlyDictionary<string, X12SegmentRule> Segments = new[]
    {
        X12SegmentRule.Of("ST", M(ID, 3, 3), M(AN, 4, 9), O(AN, 1, 35)),
        X12SegmentRule.Of("SE", M(N0, 1, 10), M(AN, 4, 9)),
        X12SegmentRule.Of("BPR", M(ID, 1, 2, "C", "D", "H", "I", "P", "U", "X"), Amount(true), M(ID, 1, 1, "C", "D"), M(ID, 3, 3, "ACH", "BOP", "CHK", "FWT", "NON"),
            O(ID, 1, 10), O(ID, 2, 2), Text(12), O(ID, 1, 3), Text(35), Text(10), Text(9), O(ID, 2, 2), Text(12), O(ID, 1, 3), Text(35), O(DT, 8, 8),
            O(ID, 1, 3), O(ID, 2, 2), Text(12), O(ID, 1, 3), Text(35)),
        X12SegmentRule.Of("TRN", M(ID, 1, 2), M(AN, 1, 50), O(AN, 10, 10), Text(50)),
        X12SegmentRule.Of("CUR", M(ID, 2, 3), M(ID, 3, 3), O(R, 4, 10)),
        X12SegmentRule.Of("REF", M(ID, 2, 3), M(AN, 1, 50), Text(80), null),
        X12SegmentRule.Of("DTM", M(ID, 3, 3), M(DT, 8, 8), O(TM, 4, 8), O(ID, 2, 2), O(ID, 2, 3), Text(35)),
        X12SegmentRule.Of("N1", M(ID, 2, 3), Text(60), O(ID, 1, 2), O(AN, 2, 80), O(ID, 2, 2), O(ID, 2, 3)),
        X12SegmentRule.Of("N3", M(AN, 1, 55), Text(55)),
        X12SegmentRule.Of("N4", O(AN, 2, 30), O(ID, 2, 2), O(ID, 3, 15), O(ID, 2, 3), O(ID, 2, 2), Text(30), O(ID, 1, 3)),
        X12SegmentRule.Of("PER", M(ID, 2, 2), Text(60), O(ID, 2, 2), Text(256), O(ID, 2, 2), Text(256), O(ID, 2, 2), Text(256), Text(20)),
        X12SegmentRule.Of("RDM", M(ID, 1, 2), Text(60), Text(256)),
        X12SegmentRule.Of("LX", M(N0, 1, 6)),
        X12SegmentRule.Of("TS3", [M(AN, 1, 50), M(AN, 1, 2), M(DT, 8, 8), M(N0, 1, 15), Amount(true),
            .. Enumerable.Range(0, 19).Select(_ => Amount())]),
        X12SegmentRule.Of("TS2", [.. Enumerable.Range(0, 19).Select(_ => Amount())]),
        X12SegmentRule.Of("CLP", M(AN, 1, 38), M(ID, 1, 2, ClaimStatuses), Amount(true), Amount(true), Amount(), M(ID, 1, 2),
            M(AN, 1, 50), Text(2), O(ID, 1, 1), O(ID, 1, 2), O(ID, 1, 4), O(R, 1, 15), O(R, 1, 10), O(ID, 1, 1)),
        X12SegmentRule.Of("CAS", [M(ID, 1, 2, GroupCodes), M(ID, 1, 5), Amount(true), O(R, 1, 15),
            .. Enumerable.Range(0, 5).SelectMany(_ => new X12ElementRule?[] { O(ID, 1, 5), Amount(), O(R, 1, 15) })]),
        X12SegmentRule.Of("NM1", M(ID, 2, 3), M(ID, 1, 1, "1", "2"), Text(60), Text(35), Text(25), Text(10), Text(10), O(ID, 1, 2), O(AN, 2, 80), O(ID, 2, 2), O(ID, 2, 3), Text(60)),
        X12SegmentRule.Of("MIA", [M(R, 1, 15), Amount(), O(R, 1, 15), Amount(), Text(50),
            .. Enumerable.Range(0, 14).Select(_ => Amount()), Text(50), Text(50), Text(50), Text(50), Amount()]),
        X12SegmentRule.Of("MOA", O(R, 1, 10), Amount(), Text(50), Text(50), Text(50), Text(50), Text(50), Amount(), Amount()),
        X12SegmentRule.Of("AMT", M(ID, 1, 3), Amount(true), O(ID, 1, 1)),
        X12SegmentRule.Of("QTY", M(ID, 2, 2), O(R, 1, 15), null, null),
        X12SegmentRule.Of("SVC", Procedure, Amount(true), Amount(true), Text(48), O(R, 1, 15), Procedure with { Required = false }, O(R, 1, 15)),
        X12SegmentRule.Of("LQ", M(ID, 1, 3), M(AN, 1, 30)),
        X12SegmentRule.Of("PLB", [M(AN, 1, 50), M(DT, 8, 8), MC(M(ID, 2, 2), O(AN, 1, 50)), Amount(true),
            .. Enumerable.Range(0, 5).SelectMany(_ => new X12ElementRule?[] { OC(M(ID, 2, 2), O(AN, 1, 50)), Amount() })]),
    }.ToDictionary(r => r.Id, StringComparer.Ordinal);
}
