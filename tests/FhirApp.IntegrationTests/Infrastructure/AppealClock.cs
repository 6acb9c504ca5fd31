using FhirApp.Core.Appeals;
using FhirApp.Core.Denials;
using FhirApp.Core.Scrubbing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace FhirApp.IntegrationTests.Infrastructure;

/// <summary>
/// The appeal service's "today", for environments whose tests need the demo's appeal windows open: the demo denials are
/// dated early 2026, and on the wall clock their windows have closed (each line is then written off, with no letter).
/// Only the appeal decisions read this clock; sign-in, cookies, tokens and the queue keep the real one.
/// </summary>
internal static class AppealClock
{
    public static void Use(IWebHostBuilder builder, DateOnly today) => builder.ConfigureServices(services =>
        services.AddSingleton(sp =>
        {
            var clock = new FixedClock(new DateTimeOffset(today.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero));
            return new AppealService(sp.GetRequiredService<AppealContent>(), sp.GetRequiredService<RuleBook>(), sp.GetRequiredService<DenialDetector>(),
                new DenialDeadlines(sp.GetRequiredService<RuleBook>().Payers, clock), sp.GetRequiredService<DenialTriage>(), sp.GetRequiredService<AppealOptions>(), clock);
        }));

    /// <summary>
    /// Also dates the queue's days left by that day (the one deadline service), so the queue, the appeal screen and the
    /// letter agree and the test does not depend on the wall clock.
    /// </summary>
    public static void UseForDeadlinesToo(IWebHostBuilder builder, DateOnly today)
    {
        Use(builder, today);
        builder.ConfigureServices(services => services.AddSingleton(sp =>
            new DenialDeadlines(sp.GetRequiredService<RuleBook>().Payers, new FixedClock(new DateTimeOffset(today.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero)))));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
