using Bunit;
using FhirApp.Core.Denials.Intake;
using FhirApp.Web.Components.Pages.Admin;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FhirApp.Web.Tests.Components;

/// <summary>The jobs page's "adjudications that could not be read": date, source, what and why in plain words.</summary>
public sealed class UnreadableAdjudicationsTableTests : MudComponentTest
{
    private static readonly DateTimeOffset Now = new(2026, 5, 3, 9, 0, 0, TimeSpan.Zero);

    public UnreadableAdjudicationsTableTests() => Services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));

    [Fact]
    public void GivenAnUnreadableRemittance_WhenRendered_ThenItsDateSourceAndReasonAreInPlainWords()
    {
        var row = UnreadableAdjudication.Of(new FhirApp.Core.Data.AdjudicationIntakeError
        {
            Tenant = "practice-a",
            Source = "x12-835:/var/drop/practice-a/acme-0412.835",
            ResourceType = "ExplanationOfBenefit",
            ResourceId = "eob-123",
            Error = "could not be read (FormatException)",
            RecordedAt = Now.AddDays(-2).UtcDateTime,
        });

        var table = Render<UnreadableAdjudicationsTable>(p => p.Add(x => x.Items, [row]));

        table.Find(".unreadable-when").TextContent.ShouldBe("2026-05-01 09:00 UTC (2 days ago)");
        table.Find(".unreadable-from").TextContent.ShouldBe("835 remittance file acme-0412.835");
        table.Find(".unreadable-what").TextContent.ShouldBe("Explanation of benefit");
        table.Find(".unreadable-why").TextContent.ShouldBe("Its contents are damaged or incomplete, so its amounts and reasons could not be read.");
        table.Markup.ShouldNotContain("eob-123");
        table.Markup.ShouldNotContain("FormatException");
        table.Markup.ShouldNotContain("ExplanationOfBenefit");
    }

    [Fact]
    public void GivenNone_WhenRendered_ThenItSaysEveryAdjudicationWasRead()
    {
        Render<UnreadableAdjudicationsTable>(p => p.Add(x => x.Items, [])).Find("#unreadable-none").TextContent.ShouldContain("every adjudication");
    }
}
