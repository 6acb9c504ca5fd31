using FhirApp.Core.Remittance;
using Xunit.Abstractions;

namespace FhirApp.Core.Tests.Remittance;

public sealed class ScratchTests(ITestOutputHelper output)
{
    [Fact]
    public void Scratch()
    {
        foreach (var file in X12Fixtures.AllAccepted.Concat(X12Fixtures.AllRefused))
        {
            var result = Era835Reader.ReadFile(file);
            output.WriteLine($"{Path.GetFileName(file)}: accepted={result.Accepted} claims={result.ClaimCount}");
            foreach (var issue in result.Issues)
            {
                output.WriteLine("   " + issue);
            }
        }
    }
}
