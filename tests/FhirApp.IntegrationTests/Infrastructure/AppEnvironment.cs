using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using FhirApp.SandboxEhr;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FhirApp.IntegrationTests.Infrastructure;

/// <summary>
/// The sandbox EHR and FhirApp, both on real loopback ports, wired to each other the way a practice would register them.
/// Subclasses vary the sandbox's behaviour (token lifetime, foreign next links) and the app's page size.
/// </summary>
public class AppEnvironment : IAsyncLifetime
{
    public const string ClientId = "fhirapp-test";
    public const string PanelUser = "Practitioner/pr-david-kim";
    public const string PanelPatient = "p-james-carter";

    /// <summary>The sandbox's default user, registered as the practice owner (sees the audit trail).</summary>
    public const string OwnerUser = "Practitioner/pr-susan-patel";
    private readonly string _temp = Directory.CreateTempSubdirectory("fhirapp-it-").FullName;
    private WebApplication? _sandbox;
    private AppFactory? _app;

    public int SandboxPort { get; } = FreePort.Next();

    public int AppPort { get; } = FreePort.Next();

    public string SandboxUrl => $"http://127.0.0.1:{SandboxPort}";

    public string FhirBase => $"{SandboxUrl}/fhir";

    public string AppUrl => $"http://{AppHost}:{AppPort}";

    /// <summary>The host the app is reached by; another site than the EHR's (127.0.0.1) when it is "localhost".</summary>
    protected virtual string AppHost => "127.0.0.1";

    public OutgoingFhirRecorder Outgoing { get; } = new();

    public IServiceProvider AppServices => _app!.Services;

    /// <summary>The sandbox EHR's services: tests read what the app wrote to it from its store.</summary>
    public IServiceProvider SandboxServices => _sandbox!.Services;

    protected virtual int AccessTokenLifetimeSeconds => 300;

    protected virtual string? NextLinkBaseUrl => null;

    protected virtual int PageSize => 100;

    protected virtual int PracticeClaimLimit => 500;

    /// <summary>Register the app with client_secret_basic instead of private_key_jwt.</summary>
    protected virtual bool UseClientSecret => false;

    private const string ClientSecret = "sandbox-test-secret-4f1c9a";

    /// <summary>The registration's backendServices block (smart-config), or null for no background jobs.</summary>
    protected virtual object? BackendServices => null;

    /// <summary>More blocks of the registration's smart-config file (remittance, claimSubmission, eligibility).</summary>
    protected virtual IReadOnlyDictionary<string, object> RegistrationExtras => new Dictionary<string, object>();

    /// <summary>More sandbox arguments (data paths, clients) for an environment.</summary>
    protected virtual IEnumerable<string> ExtraSandboxArgs => [];

    /// <summary>Additions to the sandbox EHR's host for an environment.</summary>
    protected virtual void ConfigureSandbox(WebApplicationBuilder builder)
    {
    }

    /// <summary>More app settings and test services for an environment.</summary>
    protected virtual void ConfigureApp(IWebHostBuilder builder)
    {
    }

    /// <summary>A folder deleted with the environment.</summary>
    protected string TempDirectory => _temp;

    /// <summary>A registered EHR at a loopback port nobody listens on.</summary>
    public string OfflineFhirBase { get; } = $"http://127.0.0.1:{FreePort.Next()}/fhir";

    public async Task InitializeAsync()
    {
        var configDir = Directory.CreateDirectory(Path.Combine(_temp, "smart-config")).FullName;
        var registration = JsonSerializer.SerializeToNode(new
        {
            id = "sandbox",
            name = "Sandbox EHR (test)",
            fhirBaseUrl = FhirBase,
            clientId = ClientId,
            redirectUri = $"{AppUrl}/callback/sandbox",
            clientAuthentication = UseClientSecret ? "client_secret_basic" : "private_key_jwt",
            signingAlgorithm = "RS384",
            keyId = "fhirapp-rs384",
            clientSecretSetting = UseClientSecret ? "Smart:Secrets:sandbox" : null,
            allowInsecureHttp = true,
            owners = new[] { OwnerUser },
            features = new { addendumRequests = true, appealPacketsInChart = true },
            backendServices = BackendServices,
        })!.AsObject();
        foreach (var (key, value) in RegistrationExtras)
        {
            registration[key] = JsonSerializer.SerializeToNode(value);
        }
        await File.WriteAllTextAsync(Path.Combine(configDir, "sandbox.json"), registration.ToJsonString());
        await File.WriteAllTextAsync(Path.Combine(configDir, "offline.json"), JsonSerializer.Serialize(new
        {
            id = "offline",
            name = "Offline EHR",
            fhirBaseUrl = OfflineFhirBase,
            clientId = ClientId,
            redirectUri = $"{AppUrl}/callback/offline",
            keyId = "fhirapp-rs384",
            allowInsecureHttp = true,
        }));

        var sandboxArgs = new List<string>
        {
            $"--contentRoot={RepoPaths.Sandbox}",
            $"--urls={SandboxUrl}",
            "--environment=Development",
            $"--Sandbox:DataPaths:0={RepoPaths.Fixtures}",
            $"--Sandbox:AccessTokenLifetimeSeconds={AccessTokenLifetimeSeconds}",
            "--Sandbox:TestHooks=true",
            $"--Sandbox:Clients:0:ClientId={ClientId}",
            "--Sandbox:Clients:0:DisplayName=FhirApp (test)",
            $"--Sandbox:Clients:0:LaunchUrl={AppUrl}/launch",
            $"--Sandbox:Clients:0:PracticeLaunchUrl={AppUrl}/launch/practice",
            $"--Sandbox:Clients:0:RedirectUris:0={AppUrl}/callback/sandbox",
            UseClientSecret ? $"--Sandbox:Clients:0:ClientSecret={ClientSecret}" : $"--Sandbox:Clients:0:JwksUri={AppUrl}/.well-known/jwks.json",
            // A user whose user/ scopes reach one patient only: what a practice launch may show is the EHR's call.
            $"--Sandbox:UserPatients:{PanelUser}:0={PanelPatient}",
            "--Logging:LogLevel:Default=Warning",
        };
        sandboxArgs.AddRange(ExtraSandboxArgs);
        if (NextLinkBaseUrl is not null)
        {
            sandboxArgs.Add($"--Sandbox:NextLinkBaseUrl={NextLinkBaseUrl}");
        }
        _sandbox = SandboxHost.Create([.. sandboxArgs], ConfigureSandbox);
        await _sandbox.StartAsync();

        if (Environment.GetEnvironmentVariable(AppDatabaseVariable) is { Length: > 0 } engine)
        {
            // The same tests against another engine: FHIRAPP_TEST_APP_DB=PostgreSQL (with FHIRAPP_PG) runs the app on a
            // fresh PostgreSQL database, empty as the default temp SQLite file is; the app migrates it at start.
            _database = await FhirApp.Core.Tests.Data.TestDatabase.CreateAsync(engine, migrate: false);
        }
        _app = NewAppFactory(configDir);
        _app.UseKestrel(AppPort);
        _app.StartServer();
    }

    /// <summary>Set to PostgreSQL to run the app of every environment on a fresh PostgreSQL database (FHIRAPP_PG names the server).</summary>
    public const string AppDatabaseVariable = "FHIRAPP_TEST_APP_DB";

    private FhirApp.Core.Tests.Data.TestDatabase? _database;

    private AppFactory NewAppFactory(string configDir) => new(this, configDir, Path.Combine(_temp, "keys"),
        _database is { } db ? (db.Provider, db.ConnectionString) : ("Sqlite", $"Data Source={Path.Combine(_temp, "app.db")}"));

    /// <summary>FhirApp stops and a new host starts on the same port, database and settings (a deploy or a crash).</summary>
    public async Task RestartAppAsync()
    {
        await _app!.DisposeAsync();
        _app = NewAppFactory(Path.Combine(_temp, "smart-config"));
        _app.UseKestrel(AppPort);
        _app.StartServer();
    }

    /// <summary>The EHR goes down (its data and tokens with it).</summary>
    public Task StopSandboxAsync() => _sandbox!.StopAsync();

    public virtual async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
        try
        {
            Directory.Delete(_temp, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is disposable anyway.
        }
    }

    /// <summary>A browser: its own cookie jar, no automatic redirects (each hop is visible to the test).</summary>
    public static HttpClient NewBrowser(out CookieJarHandler jar) => CookieJarHandler.CreateClient(out jar);

    /// <summary>
    /// Clicks Launch in the sandbox EHR for a patient (or the billing worklist when null) and follows the redirects up to
    /// (not including) the callback.
    /// </summary>
    public async Task<LaunchSteps> StartEhrLaunchAsync(HttpClient browser, string? patientId, string? extraQuery = null)
    {
        var patient = patientId is null ? "" : $"&patient={patientId}";
        var ehr = await browser.GetAsync($"{SandboxUrl}/ehr/launch?client_id={ClientId}{patient}{extraQuery}");
        CookieJarHandler.IsRedirect(ehr).ShouldBeTrue($"sandbox /ehr/launch answered {(int)ehr.StatusCode}");
        var launchUrl = ehr.Headers.Location!;
        var toAuthorize = await browser.GetAsync(launchUrl);
        CookieJarHandler.IsRedirect(toAuthorize).ShouldBeTrue($"app /launch answered {(int)toAuthorize.StatusCode}: {await toAuthorize.Content.ReadAsStringAsync()}");
        var authorizeUrl = toAuthorize.Headers.Location!;
        var authorize = await browser.GetAsync(authorizeUrl);
        CookieJarHandler.IsRedirect(authorize).ShouldBeTrue($"sandbox authorize answered {(int)authorize.StatusCode}: {await authorize.Content.ReadAsStringAsync()}");
        return new LaunchSteps(launchUrl, authorizeUrl, authorize.Headers.Location!);
    }

    /// <summary>The whole EHR launch; returns the launch id and the claims page HTML.</summary>
    public async Task<(string LaunchId, string Html)> LaunchAsync(HttpClient browser, string patientId, string? extraQuery = null)
    {
        var steps = await StartEhrLaunchAsync(browser, patientId, extraQuery);
        var launchId = await CompleteCallbackAsync(browser, steps.CallbackUrl);
        var page = await browser.GetAsync($"{AppUrl}/l/{launchId}");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (launchId, await page.Content.ReadAsStringAsync());
    }

    /// <summary>The billing worklist launch (no patient), as a user of the sandbox; returns the launch id and the queue page HTML.</summary>
    public async Task<(string LaunchId, string Html)> LaunchPracticeAsync(HttpClient browser, string? user = null)
    {
        var steps = await StartEhrLaunchAsync(browser, patientId: null, user is null ? null : $"&user={Uri.EscapeDataString(user)}");
        var launchId = await CompleteCallbackAsync(browser, steps.CallbackUrl, "/queue");
        var page = await browser.GetAsync($"{AppUrl}/l/{launchId}/queue");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (launchId, await page.Content.ReadAsStringAsync());
    }

    public static async Task<string> CompleteCallbackAsync(HttpClient browser, Uri callbackUrl, string landing = "")
    {
        var callback = await browser.GetAsync(callbackUrl);
        CookieJarHandler.IsRedirect(callback).ShouldBeTrue($"callback answered {(int)callback.StatusCode}: {await callback.Content.ReadAsStringAsync()}");
        var match = Regex.Match(callback.Headers.Location!.OriginalString, $"^/l/([A-Za-z0-9_-]+){Regex.Escape(landing)}$");
        match.Success.ShouldBeTrue($"callback redirected to {callback.Headers.Location}");
        return match.Groups[1].Value;
    }

    /// <summary>The launch as stored by the app (tokens still encrypted).</summary>
    public async Task<FhirApp.Core.Data.LaunchSession> StoredLaunchAsync(string launchId)
    {
        await using var scope = AppServices.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FhirApp.Core.Data.AppDbContext>().Launches.AsNoTracking().SingleAsync(l => l.Id == launchId);
    }

    /// <summary>The launch as its own browser session's pages see it.</summary>
    public async Task<FhirApp.Web.Smart.LaunchContext> LaunchContextAsync(string launchId)
    {
        var session = await StoredLaunchAsync(launchId);
        return await AppServices.GetRequiredService<FhirApp.Web.Smart.LaunchStore>().GetAsync(launchId, session.SessionId, CancellationToken.None)
            ?? throw new InvalidOperationException($"launch {launchId} is not served");
    }

    /// <summary>The patient's claims for a launch, read from the EHR again (bypassing the per-launch cache), as its own session sees them.</summary>
    public async Task<FhirApp.Web.Claims.PatientClaimsView> ReloadClaimsAsync(string launchId)
    {
        var launch = await LaunchContextAsync(launchId);
        return await AppServices.GetRequiredService<FhirApp.Web.Claims.PatientClaimsService>().GetAsync(launch, refresh: true, CancellationToken.None);
    }

    public async Task<JsonElement[]> SandboxJournalAsync()
    {
        using var http = new HttpClient();
        var json = await http.GetStringAsync($"{SandboxUrl}/_sandbox/journal");
        return JsonDocument.Parse(json).RootElement.EnumerateArray().ToArray();
    }

    public async Task<int> TokenRequestCountAsync(string? grantType = null) =>
        (await SandboxJournalAsync()).Count(e =>
            e.GetProperty("path").GetString() == "/connect/token"
            && (grantType is null || (e.TryGetProperty("grantType", out var g) && g.GetString() == grantType)));

    private sealed class AppFactory(AppEnvironment env, string configDir, string keyDir, (string Provider, string ConnectionString) database) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseContentRoot(Path.Combine(RepoPaths.Root, "src", "FhirApp.Web"));
            builder.UseSetting("Smart:ConfigDirectory", configDir);
            builder.UseSetting("Smart:KeyDirectory", keyDir);
            builder.UseSetting("Smart:GenerateMissingKeys", "true");
            builder.UseSetting("Database:Provider", database.Provider);
            builder.UseSetting("ConnectionStrings:FhirApp", database.ConnectionString);
            builder.UseSetting("Fhir:PageSize", env.PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Fhir:PracticeClaimLimit", env.PracticeClaimLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Smart:Secrets:sandbox", ClientSecret);
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            // Tests launch many times a minute from one address; the launch rate limit has its own environment and tests.
            builder.UseSetting("Smart:LaunchRateLimit:PermitsPerWindow", "100000");
            builder.ConfigureServices(services =>
                services.AddHttpClient("fhir").AddHttpMessageHandler(() => env.Outgoing.CreateHandler()));
            env.ConfigureApp(builder);
        }
    }
}

public sealed record LaunchSteps(Uri LaunchUrl, Uri AuthorizeUrl, Uri CallbackUrl);
