using FhirApp.Core.Common;

namespace FhirApp.Core.Tests.Common;

public sealed class CsvTextTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example\",\"Acme\")", "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Acme\"\")\"")]
    [InlineData("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1:A9)", "'@SUM(A1:A9)")]
    [InlineData("\tTab", "'\tTab")]
    [InlineData("-185.00", "-185.00")] // a number stays a number
    [InlineData("+42", "+42")]
    [InlineData("Acme Health Plan", "Acme Health Plan")]
    [InlineData("a, b", "\"a, b\"")]
    public void GivenAField_WhenWritten_ThenAnythingASpreadsheetWouldRunAsAFormulaIsNeutralised(string value, string written) =>
        CsvText.Row(value).ShouldBe(written + CsvText.RowEnd);
}
