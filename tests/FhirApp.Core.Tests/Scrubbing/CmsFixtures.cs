namespace FhirApp.Core.Tests.Scrubbing;

/// <summary>
/// Lines in the layouts of the CMS downloads a practice drops into cms/, written here: codes and dates only, with a
/// placeholder where CMS has descriptions, so no CMS or AMA text is copied into the tests.
/// </summary>
internal static class CmsFixtures
{
    /// <summary>Heading of the MPFS PPRRVU file, its first 16 columns (GLOB DAYS is the 15th).</summary>
    public const string RvuHeading =
        "HCPCS,MOD,DESCRIPTION,STATUS CODE,NOT USED FOR MEDICARE PAYMENT,WORK RVU,NON-FAC PE RVU,NON-FAC NA INDICATOR,"
        + "FACILITY PE RVU,FACILITY NA INDICATOR,MP RVU,NON-FACILITY TOTAL,FACILITY TOTAL,PCTC IND,GLOB DAYS,PRE OP";

    /// <summary>One record of the alpha-numeric HCPCS file (fixed width: dates at columns 269, 277 and 285).</summary>
    public static string AnwebLine(string code, char record, string added = "", string effective = "", string terminated = "", string action = "") =>
        code.PadRight(5) + "00100" + record + "test".PadRight(257) + added.PadRight(8) + effective.PadRight(8) + terminated.PadRight(8) + action;

    /// <summary>One PPRRVU row with zero RVUs: code, modifier and GLOB DAYS are what the loader reads.</summary>
    public static string RvuLine(string code, string modifier, string globalDays) =>
        $"{code},{modifier},test,A,,0,0,,0,,0,0,0,0,{globalDays},0";

    /// <summary>A PPRRVU file as CMS lays it out: a notice, a heading split over lines, then rows.</summary>
    public static string RvuFile(params string[] rows) => string.Join('\n',
    [
        "\"Relative value file (test fixture; the notice lines of the CMS file go here)\"",
        ",,,,,,NON-FAC,NON-FAC,FACILITY,FACILITY",
        RvuHeading,
        .. rows,
    ]);
}
