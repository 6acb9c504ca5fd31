using FhirApp.Core.Denials;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Logging;

namespace FhirApp.IntegrationTests.Infrastructure;

/// <summary>
/// Sandbox with 6-second access tokens: the app must refresh ahead of expiry (3 s margin) and after revocation. The app
/// and the sandbox share one fake clock, so a test moves time on instead of waiting for it.
/// </summary>
public sealed class ShortTokenEnvironment : AppEnvironment
{
    public FakeTimeProvider Clock { get; } = new(TimeProvider.System.GetUtcNow());

    protected override int AccessTokenLifetimeSeconds => 6;

    protected override void ConfigureSandbox(Microsoft.AspNetCore.Builder.WebApplicationBuilder builder) =>
        builder.Services.AddSingleton<TimeProvider>(Clock);

    protected override void ConfigureApp(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
}

/// <summary>One resource per page, so every search pages through `link.next` on the EHR's own origin.</summary>
public sealed class PagingEnvironment : AppEnvironment
{
    protected override int PageSize => 1;
}

/// <summary>A sandbox whose `link.next` points at a stranger's server.</summary>
public sealed class ForeignNextLinkEnvironment : AppEnvironment
{
    public RecordingListener Stranger { get; } = new();

    protected override string? NextLinkBaseUrl => Stranger.BaseUrl;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Stranger.DisposeAsync();
    }

    protected override int PageSize => 1;
}

/// <summary>The app registered with client_secret_basic, the fallback for EHRs that offer nothing else.</summary>
public sealed class ClientSecretEnvironment : AppEnvironment
{
    protected override bool UseClientSecret => true;
}

/// <summary>Its own database, for tests that accept corrections and record authorizations (they change what the checks find).</summary>
public sealed class CorrectionsEnvironment : AppEnvironment;

/// <summary>A practice launch reads at most 3 claims, 2 per page: the limit stops the paging part-way.</summary>
public sealed class ClaimLimitEnvironment : AppEnvironment
{
    protected override int PageSize => 2;

    protected override int PracticeClaimLimit => 3;
}

/// <summary>The key ring encrypted to a certificate (DataProtection:CertificatePath), a self-signed one made for the run.</summary>
public sealed class KeyRingCertificateEnvironment : AppEnvironment
{
    /// <summary>The certificate as EncryptedXml names it in each stored key (X509Data).</summary>
    public string? CertificateBase64 { get; private set; }

    protected override void ConfigureApp(IWebHostBuilder builder)
    {
        var path = Path.Combine(TempDirectory, "key-ring.pfx");
        // Once: a restarted app gets the same certificate.
        CertificateBase64 ??= TestCertificates.WriteKeyRingCertificate(path);
        builder.UseSetting("DataProtection:CertificatePath", path);
        builder.UseSetting("DataProtection:CertificatePassword", TestCertificates.Password);
    }
}

/// <summary>An environment a test may take the EHR down in.</summary>
public sealed class DisposableEhrEnvironment : AppEnvironment;

[CollectionDefinition(Name)]
public sealed class DefaultEnvironmentGroup : ICollectionFixture<AppEnvironment>
{
    public const string Name = "default environment";
}

/// <summary>
/// A practice with a Backend Services client and 100 generated EOBs + 40 ClaimResponses (three per instant) beside the
/// fixtures; the poller pages 10 at a time with fast retries (50 ms backoff, 2 s attempt timeout) into a
/// <see cref="CountingSink"/>. The scheduler is off: tests run polls themselves.
/// </summary>
public class JobsEnvironment : AppEnvironment
{
    public const string BackendClientId = "fhirapp-backend";
    private readonly int _eobs;
    private readonly int _claimResponses;
    private readonly int _pageSize;
    private readonly bool _countingSink;

    public JobsEnvironment()
        : this(100, 40, 10, countingSink: true)
    {
    }

    /// <param name="countingSink">false: the app's own default sink (SQLite receipts), as the benchmark measures.</param>
    public JobsEnvironment(int eobs, int claimResponses, int pageSize, bool countingSink)
    {
        (_eobs, _claimResponses, _pageSize, _countingSink) = (eobs, claimResponses, pageSize, countingSink);
    }

    public CountingSink Sink { get; } = new();

    protected virtual bool SchedulerEnabled => false;

    /// <summary>The registration's intake mode: these tests exercise the search poller; <see cref="ExportJobsEnvironment"/> the export.</summary>
    protected virtual string Mode => "system-search";

    protected virtual string Scopes => "system/ExplanationOfBenefit.rs system/ClaimResponse.rs";

    protected override object? BackendServices => new
    {
        clientId = BackendClientId,
        scopes = Scopes,
        pollIntervalSeconds = 3600,
        mode = Mode,
    };

    protected override IEnumerable<string> ExtraSandboxArgs =>
    [
        $"--Sandbox:DataPaths:1={AdjudicationData.Write(Path.Combine(TempDirectory, "adjudications"), _eobs, _claimResponses)}",
        $"--Sandbox:Clients:1:ClientId={BackendClientId}",
        "--Sandbox:Clients:1:DisplayName=FhirApp jobs (test)",
        $"--Sandbox:Clients:1:RedirectUris:0={AppUrl}/unused",
        $"--Sandbox:Clients:1:JwksUri={AppUrl}/.well-known/jwks.json",
        // The system-wide claims search is an opt-in of the registration at the EHR (AdjudicationData.ServerSetAsync uses it too).
        "--Sandbox:Clients:1:AllowSystemClaimsSearch=true",
        .. ExtraExportArgs,
    ];

    protected virtual IEnumerable<string> ExtraExportArgs => [];

    protected override void ConfigureApp(IWebHostBuilder builder)
    {
        builder.UseSetting("Jobs:Enabled", SchedulerEnabled ? "true" : "false");
        builder.UseSetting("Jobs:PageSize", _pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Jobs:RetryBaseDelayMilliseconds", "50");
        builder.UseSetting("Jobs:AttemptTimeoutSeconds", "2");
        if (_countingSink)
        {
            builder.ConfigureTestServices(services => services.AddSingleton<IAdjudicationSink>(Sink));
        }
    }
}

/// <summary><see cref="JobsEnvironment"/> with the Quartz scheduler on: the poll runs at start-up, then hourly.</summary>
public sealed class ScheduledJobsEnvironment : JobsEnvironment
{
    protected override bool SchedulerEnabled => true;
}

/// <summary>
/// The same practice with the intake mode chosen from the EHR's capabilities (the sandbox offers Bulk Data $export),
/// the export's files split 25 resources per file, and no Retry-After wait.
/// </summary>
public sealed class ExportJobsEnvironment : JobsEnvironment
{
    public ExportJobsEnvironment()
    {
    }

    private readonly int _resourcesPerFile = 25;

    /// <param name="resourcesPerFile">The sandbox's NDJSON file size in resources (the benchmark uses real-sized files).</param>
    public ExportJobsEnvironment(int eobs, int pageSize, bool countingSink, int resourcesPerFile)
        : base(eobs, 0, pageSize, countingSink)
    {
        _resourcesPerFile = resourcesPerFile;
    }

    protected override string Mode => "auto";

    /// <summary>The adjudications, and what the training history export takes besides.</summary>
    protected override string Scopes =>
        "system/ExplanationOfBenefit.rs system/ClaimResponse.rs system/Claim.rs system/Patient.rs system/Coverage.rs system/Organization.rs system/Practitioner.rs";

    public string HistoryDirectory => Path.Combine(TempDirectory, "exported-history");

    /// <summary>The generated adjudications the sandbox serves, as NDJSON on disk.</summary>
    public string AdjudicationsDirectory => Path.Combine(TempDirectory, "adjudications");

    protected override void ConfigureApp(IWebHostBuilder builder)
    {
        base.ConfigureApp(builder);
        builder.UseSetting("Jobs:Export:HistoryDirectory", HistoryDirectory);
    }

    protected override IEnumerable<string> ExtraExportArgs =>
        ["--Sandbox:Export:RetryAfterSeconds=0", $"--Sandbox:Export:ResourcesPerFile={_resourcesPerFile}", "--Sandbox:Export:MaxActiveJobsPerClient=5"];
}

/// <summary>Its own database, for the denials queue tests (they store adjudications and change work items).</summary>
public sealed class DenialsEnvironment : AppEnvironment
{
    // 2026-06-10: James's first-level window is open six more days (his 90837 is appealed as the note stands).
    protected override void ConfigureApp(IWebHostBuilder builder) => AppealClock.UseForDeadlinesToo(builder, new DateOnly(2026, 6, 10));
}

/// <summary>Its own EHR and database, for tests that write addendum Tasks, addenda and appeal packets to the sandbox.</summary>
public sealed class AppealsEnvironment : AppEnvironment
{
    // 2026-04-01: weeks before James's first-level window closes (2026-06-16), time to ask Dr. Kim for the session times.
    protected override void ConfigureApp(IWebHostBuilder builder) => AppealClock.Use(builder, new DateOnly(2026, 4, 1));
}

/// <summary>
/// A practice whose adjudicated history (a simulated practice of 80 patients over 12 months) is the model's history
/// source, with the scheduler on so "Train now" runs through the retraining job.
/// </summary>
public sealed class ModelEnvironment : AppEnvironment
{
    protected override void ConfigureApp(IWebHostBuilder builder)
    {
        var practice = Path.Combine(TempDirectory, "practice");
        FhirApp.Core.Scoring.Synthetic.PracticeSimulator.Simulate(
            new FhirApp.Core.Scoring.Synthetic.PracticeSimulatorOptions { Patients = 80, Months = 12, Seed = 31 }, FhirApp.Core.Scrubbing.RuleBookLoader.Load()).Write(practice);
        builder.UseSetting("Jobs:Enabled", "true");
        // The practice's own history folder under the root: the registration "sandbox" without a tenant.
        var root = Path.Combine(TempDirectory, "histories");
        if (!Directory.Exists(root))
        {
            Directory.CreateDirectory(root);
            Directory.Move(Path.Combine(practice, "history"), Path.Combine(root, "sandbox"));
        }
        builder.UseSetting("Scoring:HistoryRoot", root);
    }
}

/// <summary>
/// Its own database, with every log line of both hosts captured at Debug (the hosts' own category filters still apply,
/// as in production): the audit-trail and no-PHI-in-logs tests.
/// </summary>
public sealed class AuditEnvironment : AppEnvironment
{
    public CapturingLoggerProvider AppLog { get; } = new("app");

    public CapturingLoggerProvider SandboxLog { get; } = new("sandbox");

    protected override IEnumerable<string> ExtraSandboxArgs => ["--Logging:LogLevel:Default=Debug"];

    protected override void ConfigureSandbox(Microsoft.AspNetCore.Builder.WebApplicationBuilder builder) =>
        builder.Logging.AddProvider(SandboxLog);

    protected override void ConfigureApp(IWebHostBuilder builder)
    {
        builder.UseSetting("Logging:LogLevel:Default", "Debug");
        builder.ConfigureLogging(logging => logging.AddProvider(AppLog));
    }
}
