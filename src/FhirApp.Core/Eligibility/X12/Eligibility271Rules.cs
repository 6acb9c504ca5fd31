using FhirApp.Core.Common.X12;
using static FhirApp.Core.Common.X12.X12DataType;
using static FhirApp.Core.Common.X12.X12ElementRule;

namespace FhirApp.Core.Eligibility.X12;

/// <summary>
/// The 271 (005010X279A1) as tables: the HL loops (information source 20, receiver 21, subscriber 22, dependent 23),
/// their name loops and the benefit loops (EB), with the elements of each segment. Read leniently (required elements,
/// types and codes; not lengths), as payers' files are.
/// </summary>
internal static class Eligibility271Rules
{
    private const int Many = 99_999;

    /// <summary>EB01 eligibility or benefit information codes.</summary>
    private static readonly string[] BenefitCodes =
    [
        "1", "2", "3", "4", "5", "6", "7", "8", "A", "B", "C", "CB", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "MC",
        "N", "O", "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y",
    ];

    // 2110C/D: one benefit (EB) with its dates, messages and related entities (2115 III, 2120 LS/NM1/LE read in the same loop).
    private static X12LoopRule Benefit(string name) => new(name, new("EB"), Many, false)
    {
        Segments =
        [
            new(new("HSD"), 9), new(new("REF"), 9), new(new("DTP"), 20), new(new("AAA"), 9), new(new("MSG"), 10),
            new(new("III"), 10), new(new("LS"), 1), new(new("NM1"), 23), new(new("N3"), 23), new(new("N4"), 23),
            new(new("PER"), 69), new(new("PRV"), 23), new(new("LE"), 1),
        ],
    };

    // 2100C/D: the member as the payer has them.
    private static X12LoopRule Member(string name, string entity, string benefit) => new(name, new("NM1", 1, entity), 1, true)
    {
        Segments =
        [
            new(new("REF"), 9), new(new("N3"), 1), new(new("N4"), 1), new(new("AAA"), 9), new(new("PRV"), 1),
            new(new("DMG"), 1), new(new("INS"), 1), new(new("HI"), 1), new(new("DTP"), 9), new(new("MPI"), 1),
        ],
        Loops = [Benefit(benefit)],
    };

    private static readonly X12LoopRule Dependent = new("2000D", new("HL", 3, "23"), Many, false)
    {
        Segments = [new(new("TRN"), 3)],
        Loops = [Member("2100D", "03", "2110D")],
    };

    private static readonly X12LoopRule Subscriber = new("2000C", new("HL", 3, "22"), Many, false)
    {
        Segments = [new(new("TRN"), 3)],
        Loops = [Member("2100C", "IL", "2110C"), Dependent],
    };

    private static readonly X12LoopRule Receiver = new("2000B", new("HL", 3, "21"), Many, false)
    {
        Loops =
        [
            new("2100B", new("NM1"), 1, true) { Segments = [new(new("REF"), 9), new(new("N3"), 1), new(new("N4"), 1), new(new("AAA"), 9), new(new("PRV"), 1)] },
            Subscriber,
        ],
    };

    /// <summary>The transaction set (ST…SE) and its loops.</summary>
    public static readonly X12LoopRule Transaction = new("271", new("ST"), 1, true)
    {
        Segments = [new(new("BHT"), 1, Required: true)],
        Loops =
        [
            new("2000A", new("HL", 3, "20"), Many, true)
            {
                Segments = [new(new("AAA"), 9)],
                Loops =
                [
                    new("2100A", new("NM1"), 1, true) { Segments = [new(new("PER"), 3), new(new("AAA"), 9)] },
                    Receiver,
                ],
            },
        ],
    };

    /// <summary>The functional group header: HB (eligibility, coverage or benefit information).</summary>
    public static readonly X12SegmentRule Group = X12SegmentRule.Of("GS", M(ID, 2, 2, "HB"), M(AN, 2, 15), M(AN, 2, 15), M(DT, 8, 8), M(TM, 4, 8), M(N0, 1, 9), M(ID, 1, 2, "X"), M(AN, 1, 12));

    private static X12ElementRule Text(int max = 60) => O(AN, 1, max);

    /// <summary>Element rules by segment id.</summary>
    public static readonly IReadOnlyDictionary<string, X12SegmentRule> Segments = new[]
    {
        X12SegmentRule.Of("ST", M(ID, 3, 3, "271"), M(AN, 4, 9), O(AN, 1, 35)),
        X12SegmentRule.Of("SE", M(N0, 1, 10), M(AN, 4, 9)),
        X12SegmentRule.Of("BHT", M(ID, 4, 4, "0022"), M(ID, 2, 2, "06", "11"), O(AN, 1, 50), M(DT, 8, 8), M(TM, 4, 8)),
        X12SegmentRule.Of("HL", M(AN, 1, 12), O(AN, 1, 12), M(ID, 1, 2, "20", "21", "22", "23"), O(ID, 1, 1, "0", "1")),
        X12SegmentRule.Of("NM1", M(ID, 2, 3), M(ID, 1, 1, "1", "2"), Text(60), Text(35), Text(25), Text(10), Text(10), O(ID, 1, 2), O(AN, 2, 80), null, null, null),
        X12SegmentRule.Of("REF", M(ID, 2, 3), O(AN, 1, 50), Text(80), null),
        X12SegmentRule.Of("N3", M(AN, 1, 55), Text(55)),
        X12SegmentRule.Of("N4", O(AN, 2, 30), O(ID, 2, 2), O(ID, 3, 15), O(ID, 2, 3), null, null, O(ID, 1, 3)),
        X12SegmentRule.Of("PER", M(ID, 2, 2), Text(60), O(ID, 2, 2), Text(256), O(ID, 2, 2), Text(256), O(ID, 2, 2), Text(256), null),
        X12SegmentRule.Of("PRV", M(ID, 1, 3), O(ID, 2, 3), O(AN, 1, 50), null, null, null),
        X12SegmentRule.Of("AAA", M(ID, 1, 1, "Y", "N"), null, O(ID, 2, 2), O(ID, 1, 1)),
        X12SegmentRule.Of("TRN", M(ID, 1, 2, "1", "2"), M(AN, 1, 50), M(AN, 10, 10), Text(50)),
        X12SegmentRule.Of("DMG", M(ID, 2, 3, "D8"), M(DT, 8, 8), O(ID, 1, 1), null, null, null, null, null, null, null, null),
        X12SegmentRule.Of("INS", M(ID, 1, 1, "Y", "N"), M(ID, 2, 2), O(ID, 3, 3), O(ID, 1, 3), null, null, null, null, O(ID, 1, 1), null, null, null, null, null, null, null, O(AN, 1, 9)),
        X12SegmentRule.Of("HI", [.. Enumerable.Range(0, 12).Select(_ => (X12ElementRule?)OC(M(ID, 1, 3), M(AN, 1, 30)))]),
        X12SegmentRule.Of("DTP", M(ID, 3, 3), M(ID, 2, 3, "D8", "RD8"), M(AN, 1, 35)),
        X12SegmentRule.Of("MPI", [.. Enumerable.Range(0, 7).Select(_ => (X12ElementRule?)Text(80))]),
        X12SegmentRule.Of("EB", M(ID, 1, 2, BenefitCodes), O(ID, 3, 3), O(AN, 1, 99), O(ID, 1, 3), Text(50), O(ID, 1, 2), O(R, 1, 18), O(R, 1, 10),
            O(ID, 2, 2), O(R, 1, 15), O(ID, 1, 1, "N", "U", "Y"), O(ID, 1, 1, "N", "U", "W", "Y"), O(AN, 1, 99), O(AN, 1, 99)),
        X12SegmentRule.Of("HSD", [.. Enumerable.Range(0, 8).Select(_ => (X12ElementRule?)Text(15))]),
        X12SegmentRule.Of("MSG", M(AN, 1, 264), null, null),
        X12SegmentRule.Of("III", O(ID, 1, 3), O(AN, 1, 30), O(ID, 1, 2), Text(264), null, null, null, null, null),
        X12SegmentRule.Of("LS", M(AN, 1, 6)),
        X12SegmentRule.Of("LE", M(AN, 1, 6)),
    }.ToDictionary(r => r.Id, StringComparer.Ordinal);
}
