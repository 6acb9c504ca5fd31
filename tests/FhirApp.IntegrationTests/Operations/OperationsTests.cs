using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using FhirApp.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog.Core;
using Serilog.Events;

namespace FhirApp.IntegrationTests.Operations;

/// <summary>Captures log events twice: as a Serilog sink (from DI) and as a plain ILoggerProvider (what other tests use).</summary>
public sealed class ObservedLogsEnvironment : AppEnvironment
{
    public ConcurrentQueue<LogEvent> SinkEvents { get; } = new();

    public ConcurrentQueue<(string Category, LogLevel Level, string Message, object? State)> ProviderEvents { get; } = new();

    protected override void ConfigureApp(IWebHostBuilder builder)
    {
        builder.UseSetting("Logging:LogLevel:Serilog.AspNetCore", "Information");
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<ILogEventSink>(new QueueSink(SinkEvents));
            services.AddSingleton<ILoggerProvider>(new QueueProvider(ProviderEvents));
        });
    }

    private sealed class QueueSink(ConcurrentQueue<LogEvent> events) : ILogEventSink
    {
        public void Emit(LogEvent logEvent) => events.Enqueue(logEvent);
    }

    private sealed class QueueProvider(ConcurrentQueue<(string, LogLevel, string, object?)> events) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new QueueLogger(categoryName, events);

        public void Dispose()
        {
        }
    }

    private sealed class QueueLogger(string category, ConcurrentQueue<(string, LogLevel, string, object?)> events) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            events.Enqueue((category, logLevel, formatter(state, exception), state));
    }
}

public sealed class OperationsTests(ObservedLogsEnvironment env) : IClassFixture<ObservedLogsEnvironment>
{
    [Fact]
    public async Task GivenTheAppRuns_WhenLiveIsAsked_ThenItAnswersHealthyWithoutAskingAnyDependency()
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync($"{env.AppUrl}/health/live");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("status").GetString().ShouldBe("Healthy");
        json.RootElement.GetProperty("checks").EnumerateObject().ShouldBeEmpty();
    }

    [Fact]
    public async Task GivenOneEhrReachableAndOneOffline_WhenReadyIsAsked_ThenDatabaseSchedulerAndSandboxAreHealthyAndTheOfflineEhrDegradesWithoutDetail()
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync($"{env.AppUrl}/health/ready");
        var body = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK, body); // Degraded still serves: one EHR down is not the app down
        using var json = JsonDocument.Parse(body);
        var checks = json.RootElement.GetProperty("checks");
        checks.GetProperty("database").GetProperty("status").GetString().ShouldBe("Healthy");
        checks.GetProperty("scheduler").GetProperty("status").GetString().ShouldBe("Healthy");
        checks.GetProperty("ehr:sandbox").GetProperty("status").GetString().ShouldBe("Healthy");
        checks.GetProperty("ehr:offline").GetProperty("status").GetString().ShouldBe("Degraded");
        json.RootElement.GetProperty("status").GetString().ShouldBe("Degraded");
        body.ShouldNotContain("127.0.0.1");
        body.ShouldNotContain("Exception");
    }

    [Fact]
    public async Task GivenACorrelationIdHeader_WhenARequestIsServed_ThenItIsEchoedAndOnTheRequestLogEventForSinksAndProviders()
    {
        var id = "it-" + Guid.NewGuid().ToString("N");
        using var browser = AppEnvironment.NewBrowser(out _);
        var (launchId, _) = await env.LaunchAsync(browser, "p-maria-lopez");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{env.AppUrl}/l/{launchId}/claims/claim-maria-20610?x=1");
        request.Headers.Add("X-Correlation-Id", id);

        using var response = await browser.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("X-Correlation-Id").ShouldBe([id]);
        var completion = await PollAsync(() => env.SinkEvents.FirstOrDefault(e =>
            e.Properties.TryGetValue("CorrelationId", out var c) && c is ScalarValue { Value: string s } && s == id && e.Properties.ContainsKey("RoutePattern")));
        completion.Properties["RoutePattern"].ToString().ShouldBe("\"/l/{LaunchId}/claims/{ClaimId}\"");
        completion.Properties["LaunchId"].ToString().ShouldBe($"\"{launchId}\"");
        completion.Properties.ShouldNotContainKey("RequestPath");
        var rendered = completion.RenderMessage(System.Globalization.CultureInfo.InvariantCulture);
        rendered.ShouldNotContain("claim-maria-20610");
        rendered.ShouldNotContain("x=1");
        // The same event reached the ILoggerProvider registered in DI (writeToProviders).
        var forwarded = await PollAsync(() => env.ProviderEvents.FirstOrDefault(e =>
            e.Category == "Serilog.AspNetCore.RequestLoggingMiddleware" && e.Message.Contains("/l/{LaunchId}/claims/{ClaimId}", StringComparison.Ordinal)).Message);
        forwarded.ShouldNotContain(launchId);
    }

    [Fact]
    public async Task GivenAnInsaneCorrelationId_WhenARequestIsServed_ThenTheServerMakesItsOwn()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{env.AppUrl}/health/live");
        request.Headers.TryAddWithoutValidation("X-Correlation-Id", "bad id\" with spaces and quotes");

        using var response = await http.SendAsync(request);

        var echoed = response.Headers.GetValues("X-Correlation-Id").Single();
        echoed.ShouldNotContain(" ");
        echoed.ShouldMatch("^[A-Za-z0-9._:-]{1,64}$");
    }

    private async Task<T> PollAsync<T>(Func<T?> find)
    {
        for (var i = 0; i < 100; i++)
        {
            if (find() is { } found)
            {
                return found;
            }
            await Task.Delay(100);
        }
        throw new ShouldAssertException($"no matching log event within 10 s; sink has {env.SinkEvents.Count}, providers {env.ProviderEvents.Count}: "
            + string.Join(" | ", env.SinkEvents.TakeLast(8).Select(e => e.MessageTemplate.Text + " " + string.Join(",", e.Properties.Select(p => p.Key + "=" + p.Value)))));
    }
}

public sealed class RestartTests(DisposableEhrEnvironment env) : IClassFixture<DisposableEhrEnvironment>
{
    [Fact]
    public async Task GivenALaunchedSession_WhenTheAppRestartsOnTheSameDatabase_ThenTheSessionCookieStillOpensTheLaunch()
    {
        using var browser = AppEnvironment.NewBrowser(out _);
        var (launchId, before) = await env.LaunchAsync(browser, "p-maria-lopez");
        before.ShouldContain("claim-maria-20610");
        await using (var scope = env.AppServices.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FhirApp.Core.Data.AppDbContext>();
            (await db.DataProtectionKeys.CountAsync()).ShouldBeGreaterThan(0, "data-protection keys live in the database");
        }

        await env.RestartAppAsync();
        using var response = await browser.GetAsync($"{env.AppUrl}/l/{launchId}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK, "the new host must read the old host's session cookie");
        (await response.Content.ReadAsStringAsync()).ShouldContain("claim-maria-20610");
    }
}

public sealed class KeyRingCertificateTests(KeyRingCertificateEnvironment env) : IClassFixture<KeyRingCertificateEnvironment>
{
    [Fact]
    public async Task GivenAKeyRingCertificate_WhenAUserLaunchesAndTheAppRestarts_ThenStoredKeysAreEncryptedToItAndTheSessionStillOpens()
    {
        using var browser = AppEnvironment.NewBrowser(out _);
        var (launchId, claims) = await env.LaunchAsync(browser, "p-maria-lopez");
        claims.ShouldContain("claim-maria-20610"); // the launch's tokens were encrypted and read back with a key from that ring

        await using (var scope = env.AppServices.CreateAsyncScope())
        {
            var keys = await scope.ServiceProvider.GetRequiredService<FhirApp.Core.Data.AppDbContext>().DataProtectionKeys.Select(k => k.Xml).ToListAsync();
            keys.ShouldNotBeEmpty();
            keys.ShouldAllBe(x => x.Contains("<encryptedSecret", StringComparison.Ordinal) && x.Contains(env.CertificateBase64!, StringComparison.Ordinal));
            keys.ShouldAllBe(x => !x.Contains("<masterKey", StringComparison.Ordinal), "no key stored in the clear");
        }

        await env.RestartAppAsync();
        using var response = await browser.GetAsync($"{env.AppUrl}/l/{launchId}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, "the new host decrypts the stored key with the certificate");
        (await response.Content.ReadAsStringAsync()).ShouldContain("claim-maria-20610");
    }
}
