using System.Diagnostics;
using System.Text;
using FhirApp.Core.Data;
using FhirApp.IntegrationTests.Infrastructure;
using FhirApp.Web.Jobs;
using FhirApp.Web.Smart;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FhirApp.IntegrationTests.Jobs;

/// <summary>The adjudication poll against the sandbox over Backend Services, with faults mid-poll and a crash between store and checkpoint.</summary>
public sealed class AdjudicationPollTests
{
    [Fact]
    public async Task GivenFaultsMidPoll_WhenPolledAndPolledAgainAfterRecovery_ThenRetriedBadResourceRecordedAndStoredSetEqualsServerSet()
    {
        var env = new JobsEnvironment();
        await env.InitializeAsync();
        try
        {
            var bad = AdjudicationData.EobId(42);
            // After two EOB pages: a 500 twice, a 429 asking for 1 s, an answer slower than the 2 s attempt timeout; one EOB unreadable.
            await PostFaultsAsync(env, $$"""
                [{"kind":"status","status":500,"after":2,"times":2,"pathPrefix":"/fhir/ExplanationOfBenefit"},
                 {"kind":"status","status":429,"retryAfterSeconds":1,"after":3,"times":1,"pathPrefix":"/fhir/ExplanationOfBenefit"},
                 {"kind":"delay","delayMilliseconds":3000,"after":4,"times":1,"pathPrefix":"/fhir/ExplanationOfBenefit"},
                 {"kind":"malform","resourceId":"{{bad}}","times":0}]
                """);

            var started = Stopwatch.StartNew();
            var first = await RunPollAsync(env);
            var firstElapsed = started.Elapsed;

            var firstRun = await RunAsync(env, first.RunId);
            firstRun.Outcome.ShouldBe(JobRunOutcome.Succeeded, firstRun.Message);
            firstRun.Errors.ShouldBe(1);
            firstElapsed.ShouldBeGreaterThan(TimeSpan.FromSeconds(3)); // waited out Retry-After and the attempt timeout
            var errors = await OpenErrorsAsync(env);
            errors.Count.ShouldBe(1);
            errors[0].ResourceType.ShouldBe("ExplanationOfBenefit");
            errors[0].ResourceId.ShouldBe(bad);
            errors[0].Error.ShouldContain("status");
            errors[0].Error.ShouldNotContain("injected"); // codes and paths, not content
            var server = await ServerSetAsync(env);
            env.Sink.StoredSet.ShouldBe(server.Where(k => !k.StartsWith($"ExplanationOfBenefit/{bad}|", StringComparison.Ordinal)), ignoreOrder: true);

            using (var clear = new HttpClient())
            {
                (await clear.DeleteAsync($"{env.SandboxUrl}/_sandbox/faults")).IsSuccessStatusCode.ShouldBeTrue();
            }
            var second = await RunPollAsync(env);

            (await RunAsync(env, second.RunId)).Outcome.ShouldBe(JobRunOutcome.Succeeded);
            (await OpenErrorsAsync(env)).ShouldBeEmpty();
            env.Sink.StoredSet.ShouldBe(server, ignoreOrder: true);
            env.Sink.Deliveries.Values.ShouldAllBe(n => n == 1); // nothing delivered twice
            (first.Stored + second.Stored).ShouldBe(server.Count);
        }
        finally
        {
            await env.DisposeAsync();
        }
    }

    [Fact]
    public async Task GivenACrashAfterAPageWasStoredBeforeItsCheckpoint_WhenPolledAgain_ThenThatPageIsRedeliveredAndNothingCountsTwice()
    {
        var env = new JobsEnvironment();
        await env.InitializeAsync();
        try
        {
            env.Sink.FailAfterPages = 4; // inside a group of resources sharing one instant (10 per page, 3 per instant)

            var crashed = await RunPollAsync(env);
            (await RunAsync(env, crashed.RunId)).Outcome.ShouldBe(JobRunOutcome.Failed);
            var afterCrash = env.Sink.StoredSet.Count;
            afterCrash.ShouldBe(40);

            using (var revoke = new HttpClient())
            {
                // The cached token dies: the resumed poll gets a 401, asks once for a new token and carries on.
                (await revoke.PostAsync($"{env.SandboxUrl}/_sandbox/revoke-access-tokens", null)).IsSuccessStatusCode.ShouldBeTrue();
            }
            var resumed = await RunPollAsync(env);

            (await RunAsync(env, resumed.RunId)).Outcome.ShouldBe(JobRunOutcome.Succeeded);
            var server = await ServerSetAsync(env);
            env.Sink.StoredSet.ShouldBe(server, ignoreOrder: true);
            env.Sink.Deliveries.Values.Count(n => n == 2).ShouldBeInRange(1, 10); // only the page whose checkpoint never moved (less what its seen pairs filter)
            env.Sink.Deliveries.Values.ShouldAllBe(n => n <= 2);
            resumed.Stored.ShouldBe(server.Count - afterCrash); // the redelivered page counts as already stored, not again
            (await env.TokenRequestCountAsync("client_credentials")).ShouldBe(2); // one cached across polls, one after the revocation
        }
        finally
        {
            await env.DisposeAsync();
        }
    }

    private static async Task<Core.Denials.Intake.PollSummary> RunPollAsync(AppEnvironment env)
    {
        await using var scope = env.AppServices.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AdjudicationPollRunner>().RunAsync("sandbox", CancellationToken.None);
    }

    private static async Task<JobRun> RunAsync(AppEnvironment env, long id)
    {
        await using var scope = env.AppServices.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().JobRuns.AsNoTracking().SingleAsync(r => r.Id == id);
    }

    private static async Task<List<JobRunError>> OpenErrorsAsync(AppEnvironment env)
    {
        await using var scope = env.AppServices.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().JobRunErrors.AsNoTracking().Where(e => e.ResolvedAt == null).ToListAsync();
    }

    private static async Task<HashSet<string>> ServerSetAsync(AppEnvironment env)
    {
        var registration = env.AppServices.GetRequiredService<SmartRegistry>().FindById("sandbox")!;
        var token = await env.AppServices.GetRequiredService<BackendTokenProvider>().GetAsync(registration, null, CancellationToken.None);
        return await AdjudicationData.ServerSetAsync(env.FhirBase, token);
    }

    private static async Task PostFaultsAsync(AppEnvironment env, string json)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync($"{env.SandboxUrl}/_sandbox/faults", new StringContent(json, Encoding.UTF8, "application/json"));
        response.IsSuccessStatusCode.ShouldBeTrue();
    }
}
