using FhirApp.Core.Scoring;

namespace FhirApp.Core.Tests.Scoring;

public sealed class CronWordsTests
{
    [Theory]
    [InlineData("0 0 3 ? * SUN", "every Sunday at 03:00 UTC")] // ScoringOptions.RetrainCron's default
    [InlineData("0 30 2 * * ?", "every day at 02:30 UTC")] // ScoringOptions.AucCheckCron's default
    [InlineData("0 0 3 ? * 1", "every Sunday at 03:00 UTC")]
    [InlineData("0 15 6 ? * MON-FRI", "every Monday to Friday at 06:15 UTC")]
    [InlineData("0 0 22 ? * MON,THU", "every Monday and Thursday at 22:00 UTC")]
    [InlineData("0 0 4 ? * mon,wed,fri", "every Monday, Wednesday and Friday at 04:00 UTC")]
    [InlineData("0 0 1 1 * ?", "on day 1 of every month at 01:00 UTC")]
    [InlineData("0 0 * * * ?", "every hour, on the hour")]
    [InlineData("0 20 * * * ?", "every hour at 20 minutes past")]
    [InlineData("0 0 3 ? * SUN *", "every Sunday at 03:00 UTC")]
    public void GivenACronShapeWeUse_WhenDescribed_ThenItReadsAsWords(string cron, string words) =>
        CronWords.Describe(cron).ShouldBe(words);

    [Theory]
    [InlineData("0 0/15 * * * ?")] // steps
    [InlineData("0 0 3 L * ?")] // last day of the month
    [InlineData("0 0 3 ? * 6#3")] // third Friday
    [InlineData("30 0 3 * * ?")] // seconds past the minute
    [InlineData("0 0 3 * JAN ?")] // a month
    [InlineData("0 0 3 ? * SUN 2027")] // a year
    [InlineData("0 0 25 * * ?")] // no such hour
    [InlineData("not a cron")]
    public void GivenAShapeItDoesNotKnow_WhenDescribed_ThenTheCronStringComesBackUnchanged(string cron) =>
        CronWords.Describe(cron).ShouldBe(cron);

    [Fact]
    public void GivenAnotherZone_WhenDescribed_ThenTheTimeNamesIt() =>
        CronWords.Describe("0 0 3 ? * SUN", "America/Chicago").ShouldBe("every Sunday at 03:00 America/Chicago");
}
