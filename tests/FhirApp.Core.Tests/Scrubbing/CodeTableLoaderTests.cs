using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Tables;

namespace FhirApp.Core.Tests.Scrubbing;

public sealed class CodeTableLoaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("fhirapp-codes-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void GivenStarterContent_WhenLoaded_ThenEveryTableIsFilledAndCitesFileVersionAndDate()
    {
        var tables = CodeRuleClaims.Starter;

        tables.NcciPairs.ShouldContain(new NcciPair("29881", "29877", new DateOnly(2002, 1, 1), null, 1));
        tables.NcciPairs.Select(p => p.ModifierIndicator).Distinct().Order().ShouldBe([0, 1, 9]);
        tables.Mue["20610"].ShouldBe(new MueLimit("20610", 2, 2));
        tables.Mue.Values.Select(m => m.AdjudicationIndicator).Distinct().Order().ShouldBe([1, 2, 3]);
        tables.Icd10["M1711"].Billable.ShouldBeTrue();
        tables.Icd10["M171"].Billable.ShouldBeFalse();
        tables.Icd10["O80"].ShouldBe(new IcdCode("O80", true, 'F', 12, 55));
        tables.Icd10IsComplete.ShouldBeFalse();
        tables.HcpcsLevel2.Count.ShouldBe(6440);
        tables.PlacesOfService["11"].ShouldBe("Office");
        tables.PlacesOfService.Count.ShouldBe(52);
        tables.GlobalDays["29881"].ShouldBe(90);
        tables.GlobalDays["20610"].ShouldBe(0);
        tables.SkippedLines.ShouldBe(0);
        tables.LoadIssues.ShouldBeEmpty();
        tables.NcciSource.ToString().ShouldBe("NCCI-style PTP practitioner edits, FhirApp starter table (not CMS data) [ncci-ptp.json, effective 2026-01-01] v2026-Q1 starter");
        tables.HcpcsSource.ToString().ShouldContain("[hcpcs-level2.txt, effective 2019-01-01] v2019");
        foreach (var source in new[] { tables.MueSource, tables.Icd10Source, tables.PlaceOfServiceSource, tables.GlobalDaysSource })
        {
            source.Document.ShouldMatch(@"\[[a-z0-9-]+\.(json|csv|txt), effective \d{4}-\d{2}-\d{2}\]");
            source.Version.ShouldNotBe("none");
        }
    }

    [Fact]
    public void GivenEveryFixtureDiagnosis_WhenLookedUp_ThenTheStarterSubsetHasIt()
    {
        var codes = FhirFixtures.DemoRecord().OfType<Hl7.Fhir.Model.Claim>()
            .SelectMany(c => c.Diagnosis)
            .Select(d => ClaimFacts.NormalizeIcd(((Hl7.Fhir.Model.CodeableConcept)d.Diagnosis).Coding[0].Code ?? ""));

        codes.Where(c => !CodeRuleClaims.Starter.Icd10.ContainsKey(c)).ShouldBeEmpty();
    }

    [Fact]
    public void GivenRuleBookLoad_WhenContentDirectoryHasCodeTables_ThenTheRuleBookCarriesThem()
    {
        var book = RuleBookLoader.Load(CodeRuleClaims.ContentDirectory);

        book.Codes.NcciPairs.ShouldNotBeEmpty();
        book.Codes.HcpcsLevel2.ShouldContain("J3301");
        book.Payers.ShouldNotBeEmpty();
    }

    [Fact]
    public void GivenCmsPtpLines_WhenRead_ThenEditsParseAndBadLinesAreCountedWithFileAndLine()
    {
        var text = string.Join('\n',
            "CPT only copyright 2025 American Medical Association. All rights reserved.",
            "Column 1\tColumn 2\t*=in existence prior to 1996\tEffective Date\tDeletion Date *=no data\tModifier 0=not allowed 1=allowed 9=not applicable\tPTP Edit Rationale",
            "29881\t29877\t\t20020101\t*\t1\tMisuse of column two code with column one code",
            "20610\t76942\t*\t20150101\t20260101\t0\tStandards of medical / surgical practice",
            "",
            "0001U\t0208U\t\t20190101\t20190101\t9\tMutually exclusive procedures",
            "29881\t29877\t\t2002-01-01\t*\t1\tbad date",
            "29881\t29877\t\t20020101",
            "29881\t29877\t\t20020101\t*\t5\tbad indicator");

        var result = CmsNcciPtpReader.Read(new StringReader(text), "ccipra-v321r0-f1.txt");

        result.Rows.ShouldBe(
        [
            new NcciPair("29881", "29877", new DateOnly(2002, 1, 1), null, 1),
            new NcciPair("20610", "76942", new DateOnly(2015, 1, 1), new DateOnly(2026, 1, 1), 0),
            new NcciPair("0001U", "0208U", new DateOnly(2019, 1, 1), new DateOnly(2019, 1, 1), 9),
        ]);
        result.SkippedLines.ShouldBe(3);
        result.Issues.ShouldBe(
        [
            "ccipra-v321r0-f1.txt line 7: effective date '2002-01-01' is not YYYYMMDD",
            "ccipra-v321r0-f1.txt line 8: expected 6 or more tab-separated fields (column 1, column 2, *, effective, deletion, modifier), found 4",
            "ccipra-v321r0-f1.txt line 9: modifier indicator '5' is not 0, 1 or 9",
        ]);
    }

    [Fact]
    public void GivenCmsMueLines_WhenRead_ThenLimitsParseWithTheirIndicatorAndBadLinesAreCounted()
    {
        var text = string.Join('\n',
            "\"CPT codes and descriptions only are copyright 2025 American Medical Association\"",
            "HCPCS/CPT Code,Practitioner Services MUE Values,MUE Adjudication Indicator,MUE Rationale",
            "20610,2,\"2 Date of Service Edit: Policy\",\"Anatomic Consideration, bilateral\"",
            "76942,1,1 Line Edit,Nature of Service/Procedure",
            "73562,3,3 Date of Service Edit: Clinical,Clinical: Data",
            "2061,2,2 Date of Service Edit: Policy,short code",
            "J3301,many,3 Date of Service Edit: Clinical,bad value",
            "J7325,48,Date of Service Edit,no indicator digit",
            "99213");

        var result = CmsMueReader.Read(new StringReader(text), "MCR_MUE_PractitionerServices_Eff_01-01-2026.csv");

        result.Rows.ShouldBe([new MueLimit("20610", 2, 2), new MueLimit("76942", 1, 1), new MueLimit("73562", 3, 3)]);
        result.SkippedLines.ShouldBe(4);
        result.Issues[0].ShouldBe("MCR_MUE_PractitionerServices_Eff_01-01-2026.csv line 6: '2061' is not a 5-character procedure code");
        result.Issues[3].ShouldStartWith("MCR_MUE_PractitionerServices_Eff_01-01-2026.csv line 9: expected 3 or more");
    }

    [Fact]
    public void GivenIcd10OrderFileLines_WhenRead_ThenCodeAndBillableFlagAreKeptAndBadLinesAreCounted()
    {
        var text = string.Join('\n',
            "00001 A00     0 Cholera                                                      Cholera",
            "00002 A000    1 Cholera due to Vibrio cholerae 01, biovar cholerae           Cholera due to Vibrio cholerae 01, biovar cholerae",
            "45127 M1711   1 Unilateral primary osteoarthritis, right knee                Unilateral primary osteoarthritis, right knee",
            "4512X M1712   1 bad order number",
            "45129 1M712   1 bad code",
            "45130 M1712   Y bad flag",
            "short");

        var result = CmsIcd10OrderReader.Read(new StringReader(text), "icd10cm_order_2026.txt");

        result.Rows.ShouldBe([new IcdCode("A00", false), new IcdCode("A000", true), new IcdCode("M1711", true)]);
        result.SkippedLines.ShouldBe(4);
        result.Issues.ShouldBe(
        [
            "icd10cm_order_2026.txt line 4: columns 1-5 are not an order number",
            "icd10cm_order_2026.txt line 5: '1M712' in columns 7-13 is not an ICD-10-CM code",
            "icd10cm_order_2026.txt line 6: billable flag in column 15 is 'Y', not 0 or 1",
            "icd10cm_order_2026.txt line 7: line is 5 characters; the order file needs at least 15 (order, code, billable flag)",
        ]);
    }

    [Fact]
    public void GivenCmsDownloadsInCmsFolder_WhenLoaded_ThenTheyReplaceTheStarterTablesAndSkippedLinesAreReported()
    {
        foreach (var file in Directory.EnumerateFiles(CodeRuleClaims.ContentDirectory))
        {
            File.Copy(file, Path.Combine(_directory, Path.GetFileName(file)));
        }
        var cms = Directory.CreateDirectory(Path.Combine(_directory, CodeTableLoader.CmsFolder)).FullName;
        File.WriteAllText(Path.Combine(cms, "ccipra-v321r0-f1.txt"), "Column 1\tColumn 2\n11111\t22222\t\t20200101\t*\t1\tr\nbroken line\n");
        File.WriteAllText(Path.Combine(cms, "ccipra-v321r0-f2.txt"), "33333\t44444\t\t20200101\t*\t0\tr\n");
        File.WriteAllText(Path.Combine(cms, "MCR_MUE_PractitionerServices_Eff_01-01-2026.csv"), "HCPCS/CPT Code,MUE\n20610,1,2 Date of Service Edit: Policy,r\n");
        File.WriteAllText(Path.Combine(cms, "icd10cm_order_2026.txt"),
            "00001 O80     1 Encounter for full-term uncomplicated delivery\n00002 M1711   1 Unilateral primary osteoarthritis, right knee\n");

        var tables = CodeTableLoader.Load(_directory);

        tables.NcciPairs.Select(p => p.Column1).ShouldBe(["11111", "33333"]);
        tables.NcciSource.Version.ShouldBe("ccipra-v321r0");
        tables.NcciSource.Document.ShouldContain("ccipra-v321r0-f1.txt, ccipra-v321r0-f2.txt");
        tables.Mue.Keys.ShouldBe(["20610"]);
        tables.MueSource.Document.ShouldContain("effective 2026-01-01");
        tables.Icd10.Count.ShouldBe(2);
        tables.Icd10IsComplete.ShouldBeTrue();
        tables.Icd10["O80"].ShouldBe(new IcdCode("O80", true, 'F', 12, 55)); // sex and age kept from the starter table
        tables.Icd10Source.ToString().ShouldBe("ICD-10-CM (CMS/CDC order file icd10cm_order_2026.txt, effective 2025-10-01) vFY2026");
        tables.HcpcsLevel2.Count.ShouldBe(6440); // no CMS HCPCS file: the starter table stays
        tables.SkippedLines.ShouldBe(1);
        tables.LoadIssues.ShouldBe(["ccipra-v321r0-f1.txt line 3: expected 6 or more tab-separated fields (column 1, column 2, *, effective, deletion, modifier), found 1"]);
    }

    [Fact]
    public void GivenHcpcsAnwebRecords_WhenRead_ThenProcedureCodesKeepTheirDatesAndOtherRecordsAreIgnored()
    {
        var text = string.Join('\n',
            "***Disclaimers",
            "*Inclusion or exclusion of a procedure does not imply coverage.",
            CmsFixtures.AnwebLine("   A1", '7', "20020701", "20020701"), // modifier
            CmsFixtures.AnwebLine("A4206", '3', "19850101", "20080101"),
            CmsFixtures.AnwebLine("J1234", '3', "20200101", "20230101", "20221231", "D"),
            CmsFixtures.AnwebLine("J1234", '4'), // continuation of the long description
            CmsFixtures.AnwebLine("Q5001", '3', "", "20260401"), // no add date: valid from the action effective date
            CmsFixtures.AnwebLine("12345", '3', "20200101", "20200101"),
            CmsFixtures.AnwebLine("J9998", '3', "2020XX01", "20200101"),
            CmsFixtures.AnwebLine("J9997", '3')[..200],
            "J9996 not a record");

        var result = CmsHcpcsReader.ReadFixedWidth(new StringReader(text), "HCPC2026_JAN_ANWEB.txt");

        result.Rows.ShouldBe(
        [
            new HcpcsCode("A4206", new DateOnly(1985, 1, 1), null),
            new HcpcsCode("J1234", new DateOnly(2020, 1, 1), new DateOnly(2022, 12, 31)),
            new HcpcsCode("Q5001", new DateOnly(2026, 4, 1), null),
        ]);
        result.Issues.ShouldBe(
        [
            "HCPC2026_JAN_ANWEB.txt line 8: '12345' is not a HCPCS Level II code (a letter A-V and 4 digits)",
            "HCPC2026_JAN_ANWEB.txt line 9: dates '2020XX01', '20200101', '' (added, action effective, terminated) are not all YYYYMMDD or blank",
            "HCPC2026_JAN_ANWEB.txt line 10: line is 200 characters; a procedure record has its add date in columns 269-276",
            "HCPC2026_JAN_ANWEB.txt line 11: columns 6-11 are not a sequence number and a record identification code 3, 4, 7 or 8",
        ]);
    }

    [Fact]
    public void GivenHcpcsCsvSavedFromTheXlsx_WhenRead_ThenColumnsAreFoundByHeading()
    {
        var text = string.Join('\n',
            "\"Disclaimer: inclusion does not imply coverage\"",
            "HCPC,SEQNUM,RECID,LONG DESCRIPTION,SHORT DESCRIPTION,ADD DT,ACT EFF DT,TERM DT,ACTION CD",
            "A1,00100,7,test,test,20020701,20020701,,N",
            "J1234,00100,3,test,test,20200101,20230101,20221231,D",
            "J1234,00200,4,test,,,,,",
            "Q5001,00100,3,\"test, with comma\",test,,4/1/2026,,A",
            "J9998,00100,3,test");

        var result = CmsHcpcsReader.ReadCsv(new StringReader(text), "HCPC2026_JAN_ANWEB.csv");

        result.Rows.ShouldBe([new HcpcsCode("J1234", new DateOnly(2020, 1, 1), new DateOnly(2022, 12, 31)), new HcpcsCode("Q5001", new DateOnly(2026, 4, 1), null)]);
        result.Issues.ShouldBe(["HCPC2026_JAN_ANWEB.csv line 7: expected 8 or more comma-separated fields, found 4"]);
    }

    [Fact]
    public void GivenHcpcsCsvWithoutDateColumns_WhenRead_ThenTheHeadingIsReportedAndNothingIsRead()
    {
        var result = CmsHcpcsReader.ReadCsv(new StringReader("HCPCS,Description\nJ1234,test\n"), "hcpcs.csv");

        result.Rows.ShouldBeEmpty();
        result.Issues.ShouldBe(["hcpcs.csv line 1: the heading row has no ADD DT or TERM DT column; no code dates can be read"]);
    }

    [Fact]
    public void GivenQuarterlyHcpcsFilesInCmsFolder_WhenLoaded_ThenTheNewestReleaseReplacesTheStarterList()
    {
        var cms = Directory.CreateDirectory(Path.Combine(_directory, CodeTableLoader.CmsFolder)).FullName;
        File.WriteAllText(Path.Combine(_directory, "hcpcs-level2.txt"), "# version: 2019\nJ3301\n");
        File.WriteAllText(Path.Combine(cms, "HCPC2026_JAN_ANWEB.txt"), CmsFixtures.AnwebLine("J0001", '3', "20260101") + "\n");
        File.WriteAllText(Path.Combine(cms, "HCPC2026_APR_ANWEB_v2.txt"), CmsFixtures.AnwebLine("J0002", '3', "20260401") + "\n" + CmsFixtures.AnwebLine("J3301", '3', "19910101") + "\n");
        File.WriteAllText(Path.Combine(cms, "HCPC2026_recordlayout.txt"), "not data\n");

        var tables = CodeTableLoader.Load(_directory);

        tables.HcpcsLevel2.Order(StringComparer.Ordinal).ShouldBe(["J0002", "J3301"]);
        tables.HcpcsDates["J0002"].ShouldBe(new HcpcsCode("J0002", new DateOnly(2026, 4, 1), null));
        tables.HcpcsSource.ToString().ShouldBe("HCPCS Level II (CMS download HCPC2026_APR_ANWEB_v2.txt; add and termination date per code) vHCPC2026_APR_ANWEB_v2");
        tables.LoadIssues.ShouldBeEmpty();
    }

    [Fact]
    public void GivenPprrvuRows_WhenRead_ThenGlobDaysIsFoundByHeadingAndBadRowsAreCounted()
    {
        var text = CmsFixtures.RvuFile(
            CmsFixtures.RvuLine("29881", "", "090"),
            CmsFixtures.RvuLine("93306", "26", "XXX"),
            CmsFixtures.RvuLine("20610", "", "0"),
            "2988,,test,A,,0,0,,0,,0,0,0,0,090,0",
            CmsFixtures.RvuLine("17110", "", "045"),
            "29877,,test,A");

        var result = CmsRvuReader.Read(new StringReader(text), "PPRRVU2026_Jan_nonQPP.csv");

        result.Rows.ShouldBe([new CmsRvuReader.Row("29881", "", 90), new CmsRvuReader.Row("93306", "26", null), new CmsRvuReader.Row("20610", "", 0)]);
        result.Issues.ShouldBe(
        [
            "PPRRVU2026_Jan_nonQPP.csv line 7: '2988' is not a 5-character procedure code",
            "PPRRVU2026_Jan_nonQPP.csv line 8: GLOB DAYS '045' is not 000, 010, 090, XXX, YYY, ZZZ or MMM",
            "PPRRVU2026_Jan_nonQPP.csv line 9: expected 15 or more comma-separated fields (GLOB DAYS in column 15), found 4",
        ]);
    }

    [Fact]
    public void GivenPprrvuWithAnotherColumnOrder_WhenRead_ThenTheHeadingDecides()
    {
        var text = "HCPCS,GLOB DAYS,MOD\n29881,010,\n";

        CmsRvuReader.Read(new StringReader(text), "PPRRVU26_JAN.csv").Rows.ShouldBe([new CmsRvuReader.Row("29881", "", 10)]);
    }

    [Fact]
    public void GivenPprrvuInCmsFolder_WhenLoaded_ThenItReplacesTheStarterGlobalDaysForTheCodesItLists()
    {
        File.Copy(Path.Combine(CodeRuleClaims.ContentDirectory, "global-days.json"), Path.Combine(_directory, "global-days.json"));
        var cms = Directory.CreateDirectory(Path.Combine(_directory, CodeTableLoader.CmsFolder)).FullName;
        File.WriteAllText(Path.Combine(cms, "PPRRVU2025_Oct_nonQPP.csv"), CmsFixtures.RvuFile(CmsFixtures.RvuLine("19120", "", "010")));
        File.WriteAllText(Path.Combine(cms, "PPRRVU2026_Jan_nonQPP.csv"), CmsFixtures.RvuFile(
            CmsFixtures.RvuLine("29881", "", "010"), // changed
            CmsFixtures.RvuLine("11042", "", "ZZZ"), // listed without a fixed period: leaves the table
            CmsFixtures.RvuLine("33208", "26", "XXX"),
            CmsFixtures.RvuLine("33208", "", "090"), // the row without a modifier speaks for the code
            CmsFixtures.RvuLine("99213", "", "XXX")));

        var tables = CodeTableLoader.Load(_directory);

        tables.GlobalDays["29881"].ShouldBe(10);
        tables.GlobalDays["33208"].ShouldBe(90);
        tables.GlobalDays["27447"].ShouldBe(90); // not in the file: starter value kept
        tables.GlobalDays.ShouldNotContainKey("11042");
        tables.GlobalDays.ShouldNotContainKey("99213");
        tables.GlobalDays.ShouldNotContainKey("19120"); // only in the older release
        tables.GlobalDaysSource.ToString().ShouldBe("MPFS relative value file (CMS download PPRRVU2026_Jan_nonQPP.csv, GLOB DAYS; the starter table for codes it does not list) vPPRRVU2026_Jan_nonQPP");
        tables.LoadIssues.ShouldBeEmpty();
    }

    [Fact]
    public void GivenMalformedStarterJson_WhenLoaded_ThenTheErrorNamesTheFile()
    {
        File.WriteAllText(Path.Combine(_directory, "mue.json"), "{ \"version\": ");

        Should.Throw<InvalidOperationException>(() => CodeTableLoader.Load(_directory)).Message.ShouldStartWith("Code table 'mue.json' is invalid");
    }

    [Fact]
    public void GivenManyBadLines_WhenRead_ThenAllAreCountedButOnlyTheFirstAreListed()
    {
        var text = "29881\t29877\t\t20020101\t*\t1\tr\n" + string.Concat(Enumerable.Repeat("29881\tbad\n", 50));

        var result = CmsNcciPtpReader.Read(new StringReader(text), "ptp.txt");

        result.Rows.Count.ShouldBe(1);
        result.SkippedLines.ShouldBe(50);
        result.Issues.Count.ShouldBe(21);
        result.Issues[^1].ShouldBe("ptp.txt: more skipped lines not listed");
    }
}
