using FhirApp.Core.Remittance;

namespace FhirApp.Core.Tests.Remittance;

public sealed class Era835ReaderTests
{
    [Theory]
    [InlineData("paid-acme.835", 1, 1)]
    [InlineData("demo-robert-coverage-ended.835", 1, 1)]
    [InlineData("denied-acme.835", 1, 4)]
    [InlineData("partial-bluepeak.835", 1, 1)]
    [InlineData("reversal-correction.835", 1, 2)]
    [InlineData("not-our-claim.835", 1, 1)]
    [InlineData("plb-multi-st.835", 3, 3)]
    [InlineData("repeated-segments.835", 1, 2)]
    public void GivenAcceptedFixture_WhenRead_ThenAcceptedWithItsTransactionsAndClaims(string name, int transactions, int claims)
    {
        var result = Era835Reader.ReadFile(X12Fixtures.Accepted(name));

        result.Issues.ShouldBeEmpty();
        result.Accepted.ShouldBeTrue();
        result.Remittances.Count.ShouldBe(transactions);
        result.ClaimCount.ShouldBe(claims);
    }

    [Fact]
    public void GivenPaidRemittance_WhenRead_ThenPaymentPartiesClaimLinesAndAdjustmentsAreRead()
    {
        var remittance = Era835Reader.ReadFile(X12Fixtures.Accepted("paid-acme.835")).Remittances.ShouldHaveSingleItem();

        (remittance.Handling, remittance.TotalPayment, remittance.PaymentMethod, remittance.PaymentDate, remittance.TraceNumber, remittance.ProductionDate)
            .ShouldBe(("I", 163m, "ACH", new DateOnly(2026, 1, 21), "EFT0000412", new DateOnly(2026, 1, 19)));
        remittance.Created.ShouldBe(new DateTimeOffset(2026, 1, 19, 9, 30, 0, TimeSpan.Zero));
        remittance.Payer.ShouldBe(new RemittanceAdvice.Party("ACME HEALTH PLAN", null, null, "ACME1"));
        remittance.PayerKey.ShouldBe("ACME1");
        remittance.Payee.ShouldBe(new RemittanceAdvice.Party("RIVERSIDE ORTHOPEDICS & SPECIALTY CARE", "XX", "1703849269", "912345678"));
        var claim = remittance.Claims.ShouldHaveSingleItem();
        (claim.PatientControlNumber, claim.Status, claim.Charge, claim.Paid, claim.PatientResponsibility, claim.PayerClaimNumber, claim.FacilityCode)
            .ShouldBe(("RO-MARIA-INITIAL-VISIT", "1", 305m, 163m, (decimal?)37m, "ACM2601060001", "11"));
        (claim.StatementFrom, claim.Received).ShouldBe((new DateOnly(2026, 1, 6), new DateOnly(2026, 1, 8)));
        claim.Rendering.ShouldBe(new RemittanceAdvice.Person(false, "PATEL", "SUSAN", "XX", "1847293051"));
        claim.Lines.Select(l => (l.Qualifier, l.Code, string.Join(':', l.Modifiers), l.Charge, l.Paid, l.Allowed, l.ControlNumber, l.From))
            .ShouldBe([("HC", "99203", "", 210m, 115m, (decimal?)140m, "1", new DateOnly(2026, 1, 6)), ("HC", "73562", "RT", 95m, 48m, 60m, "2", new DateOnly(2026, 1, 6))]);
        claim.Lines[0].Adjustments.Select(a => (a.Group, a.Reason, a.Amount)).ShouldBe([("CO", "45", 70m), ("PR", "3", 25m)]);
    }

    [Fact]
    public void GivenSeveralTransactionSetsAndGroupsInOneInterchange_WhenRead_ThenEachKeepsItsOwnPaymentAndPlb()
    {
        var result = Era835Reader.ReadFile(X12Fixtures.Accepted("plb-multi-st.835"));

        result.Remittances.Select(r => (r.ControlNumber, r.TotalPayment, r.Payer.Name, r.Claims.Count))
            .ShouldBe([("0001", 458.57m, "MEDICARE PART B NORIDIAN JF", 1), ("0002", 72.52m, "MEDICARE PART B NORIDIAN JF", 1), ("0001", 0m, "ACME HEALTH PLAN", 1)]);
        result.Remittances[0].ProviderAdjustments.Select(p => (p.Reason, p.Reference, p.Amount, p.FiscalPeriodEnd))
            .ShouldBe([("WO", "26010500012", 45.5m, (DateOnly?)new DateOnly(2026, 12, 31)), ("L6", null, -2.15m, new DateOnly(2026, 12, 31))]);
        var linda = result.Remittances[0].Claims[0];
        linda.Lines[0].Adjustments.Select(a => (a.Group, a.Reason, a.Amount)).ShouldBe([("CO", "45", 1159.8m), ("CO", "253", 10.24m), ("PR", "2", 128.04m)], "two triplets in one CAS");
        linda.Lines[0].Modifiers.ShouldBe(["AA", "P3"], "the component separator is '>' in this file");
        result.Remittances[0].PayerKey.ShouldBe("02202", "N1*PR N104 (XV) when there is no REF*2U");
    }

    [Fact]
    public void GivenTwoInterchangesWithDifferentSeparatorsInOneFile_WhenRead_ThenBothAreRead()
    {
        var text = X12Fixtures.Text(X12Fixtures.Accepted("paid-acme.835")) + "\n" + X12Fixtures.Text(X12Fixtures.Accepted("plb-multi-st.835"));

        var result = Era835Reader.Read(text, "two.835");

        result.Issues.ShouldBeEmpty();
        result.ClaimCount.ShouldBe(4);
    }

    [Fact]
    public void GivenClaimWithoutLxHeader_WhenRead_ThenItIsReadAsAClaimOfTheTransaction()
    {
        var text = X12Fixtures.Text(X12Fixtures.Accepted("denied-acme.835")).Replace("LX*1~\n", "", StringComparison.Ordinal).Replace("SE*39*", "SE*38*", StringComparison.Ordinal);

        var result = Era835Reader.Read(text, "no-lx.835");

        result.Issues.ShouldBeEmpty();
        result.ClaimCount.ShouldBe(4);
    }

    [Theory]
    [InlineData("unbalanced-line.835", "segment 12 (SVC): line does not balance: charge 210.00 − paid 125.00 = 85.00, but its adjustments (CAS) total 95.00")]
    [InlineData("unbalanced-claim.835", "segment 10 (CLP): claim does not balance: charge 305.00 − paid 173.00 = 132.00, but its claim and line adjustments (CAS) total 142.00")]
    [InlineData("unbalanced-bpr.835", "segment 4 (BPR): BPR02 total payment 163.01 does not balance: the claims paid 163.00 − provider adjustments (PLB) 0.00 = 163.00")]
    [InlineData("repeated-bpr.835", "segment 5 (BPR): BPR repeats: loop 835 allows it once")]
    [InlineData("wrong-segment-count.835", "segment 20 (SE): SE01 says 17 segments from ST to SE; there are 18")]
    [InlineData("wrong-separators.835", "segment 2 (?): 'GS|…' is not a segment id: the file's separators (element '*', component ':', repetition '^', segment '~', declared by its ISA) do not fit its segments")]
    [InlineData("truncated.835", "segment 16 (SVC): has no segment terminator '~': the file is truncated")]
    [InlineData("not-a-remittance.edi", "segment 3 (ST): transaction set '837' is not a remittance advice (835)")]
    public void GivenRefusedFixture_WhenRead_ThenRefusedWholeWithTheSegmentNamed(string name, string firstIssue)
    {
        var result = Era835Reader.ReadFile(X12Fixtures.Refused(name));

        result.Accepted.ShouldBeFalse();
        result.Remittances.ShouldBeEmpty("nothing from a refused file is importable");
        result.Issues[0].ToString().ShouldBe(firstIssue);
    }

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("   \r\n", "the file is empty")]
    [InlineData("{\"resourceType\":\"Bundle\"}", "segment 1 (?): an X12 file must start with an ISA interchange header")]
    [InlineData("ISA*00*    *00*", "segment 1 (ISA): the ISA is 15 characters long; it is a fixed-width segment of 106: the file is truncated")]
    public void GivenTextThatIsNotAnInterchange_WhenRead_ThenRefusedWithAPlainMessage(string text, string issue)
    {
        var result = Era835Reader.Read(text, "x.835");

        result.Issues.ShouldHaveSingleItem().ToString().ShouldBe(issue);
    }

    [Fact]
    public void GivenIsaWithAnUnpaddedSenderId_WhenRead_ThenTheIsaElementIsNamed()
    {
        var text = X12Fixtures.Text(X12Fixtures.Accepted("paid-acme.835")).Replace("ACMEHP         *", "ACMEHP*", StringComparison.Ordinal);

        var result = Era835Reader.Read(text, "x.835");

        result.Issues[0].ToString().ShouldStartWith("segment 1 (ISA): ISA06 is not 15 characters");
    }

    [Theory]
    [InlineData("CLP*RO-MARIA-INITIAL-VISIT*1*305*163*", "CLP*RO-MARIA-INITIAL-VISIT*9*305*163*", "segment 15 (CLP): CLP02 '9' is not one of 1, 2, 3, 4, 19, 20, 21, 22, 23, 25")]
    [InlineData("CAS*CO*45*70~", "CAS*CO*45*7O~", "segment 23 (CAS): CAS03 is not a number")]
    [InlineData("CAS*CO*45*70~", "CAS*XX*45*70~", "segment 23 (CAS): CAS01 is not one of CO, CR, OA, PI, PR")]
    [InlineData("DTM*472*20260106~\r\nCAS*CO*45*70", "DTM*472*20261306~\r\nCAS*CO*45*70", "segment 22 (DTM): DTM02 is not a date (CCYYMMDD)")]
    [InlineData("N1*PE*", "N9*PE*", "segment 12 (N9): N9 is not a segment of this transaction set")]
    [InlineData("REF*2U*ACME1~", "REF*2U*ACME1~\r\nSVC*HC:99213*10*10~", "segment 11 (SVC): SVC is not expected here (in loop 1000A, which began at segment 7)")]
    [InlineData("*ACM2601060001*11*1~", "**11*1~", "segment 15 (CLP): CLP07 is required")]
    [InlineData("*20260119*0930*4101*", "*20261319*0930*4101*", "segment 2 (GS): GS04 is not a date (CCYYMMDD)")]
    [InlineData("CAS*PR*3*25~", "CAS*PR*3*25**2~", "segment 24 (CAS): CAS05 has a reason code but CAS06 no amount")]
    public void GivenOneBadSegment_WhenRead_ThenRefusedNamingItsNumberIdAndElement(string find, string replace, string issue)
    {
        var text = X12Fixtures.Text(X12Fixtures.Accepted("paid-acme.835")).Replace(find, replace, StringComparison.Ordinal);

        var result = Era835Reader.Read(text, "x.835");

        result.Accepted.ShouldBeFalse();
        result.Issues.Select(i => i.ToString()).ShouldContain(issue);
    }

    [Fact]
    public void GivenTransactionWithoutPayee_WhenRead_ThenTheMissingLoopIsNamed()
    {
        var text = X12Fixtures.Text(X12Fixtures.Accepted("demo-robert-coverage-ended.835"))
            .Replace("N1*PE*RIVERSIDE ORTHOPEDICS & SPECIALTY CARE*XX*1703849269~\n", "", StringComparison.Ordinal)
            .Replace("SE*21*", "SE*20*", StringComparison.Ordinal);

        var result = Era835Reader.Read(text, "x.835");

        result.Issues.Select(i => i.ToString()).ShouldBe(["segment 3 (ST): loop 835 has no loop 1000B (N1*PE), which it requires"]);
    }

    [Fact]
    public void GivenRefusedFiles_WhenRead_ThenNoMessageQuotesANameOrAMemberId()
    {
        var texts = X12Fixtures.AllRefused.Select(File.ReadAllText)
            .Append(X12Fixtures.Text(X12Fixtures.Accepted("paid-acme.835")).Replace("NM1*QC*1*LOPEZ*MARIA****MI*ACM123456789", "NM1*QC*3*LOPEZ*MARIA****MI*ACM123456789", StringComparison.Ordinal));

        var messages = texts.SelectMany(t => Era835Reader.Read(t, "x.835").Issues).Select(i => i.ToString()).ToList();

        messages.ShouldNotBeEmpty();
        messages.ShouldAllBe(m => !m.Contains("LOPEZ") && !m.Contains("MARIA") && !m.Contains("ACM123456789"));
    }
}
