using FhirApp.Core.Common.X12;
using static FhirApp.Core.Common.X12.X12DataType;
using static FhirApp.Core.Common.X12.X12ElementRule;

namespace FhirApp.Core.Scrubbing.Corrections.X12;

/// <summary>
/// The 837P (005010X222A1) as tables, for what the app writes: the loops and their required segments, and each
/// segment's elements with usage, type and length. Checked strictly (lengths, unused and extra elements too) when we
/// read back our own file. Situational rules that need more than one segment are in <see cref="Claim837PValidator"/>.
/// </summary>
internal static class Claim837PRules
{
    public const string Version = "005010X222A1";

    private const int Many = 999_999;

    public static readonly string[] FilingIndicators =
        ["11", "12", "13", "14", "15", "16", "17", "AM", "BL", "CH", "CI", "DS", "FI", "HM", "LM", "MA", "MB", "MC", "OF", "TV", "VA", "WC", "ZZ"];

    // 2400 service line.
    private static readonly X12LoopRule Line = new("2400", new("LX"), 50, true)
    {
        Segments =
        [
            new(new("SV1"), 1, Required: true),
            new(new("PWK"), 10),
            new(new("DTP", 1, "472"), 1, Required: true), new(new("DTP"), 10),
            new(new("QTY"), 2),
            new(new("REF"), 14),
            new(new("AMT"), 2),
            new(new("NTE"), 2),
        ],
    };

    // 2300 claim.
    private static readonly X12LoopRule Claim = new("2300", new("CLM"), 100, false)
    {
        Segments =
        [
            new(new("DTP"), 20),
            new(new("PWK"), 10),
            new(new("AMT"), 1),
            new(new("REF", 1, "F8"), 1), new(new("REF", 1, "G1"), 1), new(new("REF", 1, "9F"), 1), new(new("REF", 1, "EA"), 1), new(new("REF", 1, "D9"), 1),
            new(new("NTE"), 1),
            new(new("HI", 1), 4, Required: true),
        ],
        Loops =
        [
            new("2310A", new("NM1", 1, "DN"), 1, false) { Segments = [new(new("REF"), 3)] },
            new("2310B", new("NM1", 1, "82"), 1, false) { Segments = [new(new("PRV"), 1), new(new("REF"), 4)] },
            new("2310C", new("NM1", 1, "77"), 1, false) { Segments = [new(new("N3"), 1, Required: true), new(new("N4"), 1, Required: true), new(new("REF"), 3)] },
            Line,
        ],
    };

    private static readonly X12LoopRule Patient = new("2000C", new("HL", 3, "23"), Many, false)
    {
        Segments = [new(new("PAT"), 1, Required: true)],
        Loops =
        [
            new("2010CA", new("NM1", 1, "QC"), 1, true)
            {
                Segments = [new(new("N3"), 1, Required: true), new(new("N4"), 1, Required: true), new(new("DMG"), 1, Required: true), new(new("REF"), 2)],
            },
            Claim,
        ],
    };

    /// <summary>The transaction set (ST…SE) and its loops.</summary>
    public static readonly X12LoopRule Transaction = new("837P", new("ST"), 1, true)
    {
        Segments = [new(new("BHT"), 1, Required: true)],
        Loops =
        [
            new("1000A", new("NM1", 1, "41"), 1, true) { Segments = [new(new("PER"), 2, Required: true)] },
            new("1000B", new("NM1", 1, "40"), 1, true),
            new("2000A", new("HL", 3, "20"), Many, true)
            {
                Segments = [new(new("PRV"), 1), new(new("CUR"), 1)],
                Loops =
                [
                    new("2010AA", new("NM1", 1, "85"), 1, true)
                    {
                        Segments = [new(new("N3"), 1, Required: true), new(new("N4"), 1, Required: true), new(new("REF", 1, "EI", "SY"), 1, Required: true), new(new("REF"), 2), new(new("PER"), 2)],
                    },
                    new("2010AB", new("NM1", 1, "87"), 1, false) { Segments = [new(new("N3"), 1, Required: true), new(new("N4"), 1, Required: true)] },
                    new("2000B", new("HL", 3, "22"), Many, true)
                    {
                        Segments = [new(new("SBR"), 1, Required: true), new(new("PAT"), 1)],
                        Loops =
                        [
                            new("2010BA", new("NM1", 1, "IL"), 1, true) { Segments = [new(new("N3"), 1), new(new("N4"), 1), new(new("DMG"), 1), new(new("REF"), 2)] },
                            new("2010BB", new("NM1", 1, "PR"), 1, true) { Segments = [new(new("N3"), 1), new(new("N4"), 1), new(new("REF"), 4)] },
                            Patient,
                            Claim,
                        ],
                    },
                ],
            },
        ],
    };

    private static readonly X12ElementRule Procedure = MC(M(ID, 2, 2, "HC", "ER", "IV", "WK"), M(AN, 1, 48), O(AN, 2, 2), O(AN, 2, 2), O(AN, 2, 2), O(AN, 2, 2), O(AN, 1, 80));

    private static readonly X12ElementRule Diagnosis = OC(M(ID, 1, 3, "ABF", "BF"), M(AN, 1, 30), null, null, null, null, null, null, null);

    public static readonly X12SegmentRule Group = X12SegmentRule.Of("GS", M(ID, 2, 2, "HC"), M(AN, 2, 15), M(AN, 2, 15), M(DT, 8, 8), M(TM, 4, 8), M(N0, 1, 9), M(ID, 1, 2, "X"), M(AN, 1, 12, Version));

    /// <summary>Element rules by segment id.</summary>
    public static readonly IReadOnlyDictionary<string, X12SegmentRule> Segments = new[]
    {
        X12SegmentRule.Of("ST", M(ID, 3, 3, "837"), M(AN, 4, 9), M(AN, 1, 35, Version)),
        X12SegmentRule.Of("SE", M(N0, 1, 10), M(AN, 4, 9)),
        X12SegmentRule.Of("BHT", M(ID, 4, 4, "0019"), M(ID, 2, 2, "00", "18"), M(AN, 1, 50), M(DT, 8, 8), M(TM, 4, 8), M(ID, 2, 2, "31", "CH", "RP")),
        X12SegmentRule.Of("NM1", M(ID, 2, 3), M(ID, 1, 1, "1", "2"), O(AN, 1, 60), O(AN, 1, 35), O(AN, 1, 25), null, O(AN, 1, 10), O(ID, 1, 2, "46", "XX", "MI", "PI", "XV", "II", "24", "34"), O(AN, 2, 80), null, null, null),
        X12SegmentRule.Of("PER", M(ID, 2, 2, "IC"), O(AN, 1, 60), O(ID, 2, 2, "TE", "EM", "FX", "EX"), O(AN, 1, 256), O(ID, 2, 2), O(AN, 1, 256), O(ID, 2, 2), O(AN, 1, 256), null),
        X12SegmentRule.Of("HL", M(AN, 1, 12), O(AN, 1, 12), M(ID, 1, 2, "20", "22", "23"), O(ID, 1, 1, "0", "1")),
        X12SegmentRule.Of("PRV", M(ID, 1, 3), M(ID, 2, 3, "PXC"), M(AN, 1, 50), null, null, null),
        X12SegmentRule.Of("CUR", M(ID, 2, 3), M(ID, 3, 3)),
        X12SegmentRule.Of("N3", M(AN, 1, 55), O(AN, 1, 55)),
        X12SegmentRule.Of("N4", M(AN, 2, 30), O(ID, 2, 2), O(ID, 3, 15), O(ID, 2, 3), null, null, O(ID, 1, 3)),
        X12SegmentRule.Of("REF", M(ID, 2, 3), M(AN, 1, 50), null, null),
        X12SegmentRule.Of("SBR", M(ID, 1, 1, "P", "S", "T", "A", "B", "C", "D", "E", "F", "G", "H", "U"), O(ID, 2, 2, "18"), O(AN, 1, 50), O(AN, 1, 60), O(ID, 1, 3), null, null, null, O(ID, 1, 2, FilingIndicators)),
        X12SegmentRule.Of("PAT", M(ID, 2, 2, "01", "19", "20", "21", "39", "40", "53", "G8"), null, null, null, O(ID, 2, 3), O(AN, 1, 35), O(ID, 2, 2), O(R, 1, 10), O(ID, 1, 1)),
        X12SegmentRule.Of("DMG", M(ID, 2, 3, "D8"), M(DT, 8, 8), M(ID, 1, 1, "F", "M", "U"), null, null, null, null, null, null, null, null),
        X12SegmentRule.Of("CLM", M(AN, 1, 38), M(R, 1, 18), null, null, MC(M(AN, 1, 2), M(ID, 1, 2, "B"), M(ID, 1, 1, "1", "7", "8")),
            M(ID, 1, 1, "Y", "N"), M(ID, 1, 1, "A", "B", "C"), M(ID, 1, 1, "N", "W", "Y"), M(ID, 1, 1, "I", "Y"), O(ID, 1, 1, "P"),
            OC(M(ID, 2, 3), O(ID, 2, 3), O(ID, 2, 3), O(ID, 2, 2), O(AN, 2, 3)), O(ID, 2, 3), null, null, null, null, null, null, null, O(ID, 1, 2)),
        X12SegmentRule.Of("DTP", M(ID, 3, 3), M(ID, 2, 3, "D8", "RD8"), M(AN, 1, 35)),
        X12SegmentRule.Of("PWK", M(ID, 2, 2), M(ID, 1, 2), null, null, O(ID, 1, 2), O(AN, 2, 80), null, null, null),
        X12SegmentRule.Of("AMT", M(ID, 1, 3), M(R, 1, 18), null),
        X12SegmentRule.Of("NTE", M(ID, 3, 3), M(AN, 1, 80)),
        X12SegmentRule.Of("HI", MC(M(ID, 1, 3, "ABK", "BK"), M(AN, 1, 30), null, null, null, null, null, null, null),
            Diagnosis, Diagnosis, Diagnosis, Diagnosis, Diagnosis, Diagnosis, Diagnosis, Diagnosis, Diagnosis, Diagnosis, Diagnosis),
        X12SegmentRule.Of("LX", M(N0, 1, 6)),
        X12SegmentRule.Of("SV1", Procedure, M(R, 1, 18), M(ID, 2, 2, "UN", "MJ"), M(R, 1, 15), O(AN, 1, 2), null,
            MC(M(N0, 1, 2), O(N0, 1, 2), O(N0, 1, 2), O(N0, 1, 2)), null, O(ID, 1, 1, "Y"), null, O(ID, 1, 1, "Y", "N"), O(ID, 1, 1, "Y", "N"), null, null, O(ID, 1, 2, "0")),
        X12SegmentRule.Of("QTY", M(ID, 2, 2), M(R, 1, 15), null, null),
    }.ToDictionary(r => r.Id, StringComparer.Ordinal);
}
