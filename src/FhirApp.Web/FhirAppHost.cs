using FhirApp.Core.Audit;
using FhirApp.Core.Appeals;
using FhirApp.Web.Appeals;
using FhirApp.Web.Audit;
using FhirApp.Core.Data;
using FhirApp.Core.Denials;
using FhirApp.Core.Metrics;
using FhirApp.Core.Scoring;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Corrections;
using FhirApp.Web.Claims;
using FhirApp.Web.Components;
using FhirApp.Web.Connections;
using FhirApp.Web.Documentation;
using FhirApp.Web.Eligibility;
using FhirApp.Web.Fhir;
using FhirApp.Web.Jobs;
using FhirApp.Web.Jobs.Export;
using FhirApp.Web.Operations;
using FhirApp.Web.Scoring;
using FhirApp.Web.Smart;
using MudBlazor.Services;

namespace FhirApp.Web;

/// <summary>The app's composition root: what Program.cs calls, so tests can host the same app.</summary>
public static class FhirAppHost
{
    public static WebApplicationBuilder AddFhirApp(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        builder.AddFhirAppLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddAppData(configuration["Database:Provider"] ?? "Sqlite", ConnectionString(configuration, builder.Environment));
        services.AddSmartLaunch(configuration, builder.Environment);
        services.AddPracticeConnections(configuration, builder.Environment); // 835 drop folder, 837P submitter, eligibility routes
        // Core features, each binding and validating its own settings.
        services.AddAudit();
        services.AddScrubbing(configuration);
        services.AddScoring(configuration);
        services.AddDenials(configuration);
        services.AddAppeals(configuration);
        services.AddDenialMetrics();
        // The web app: the EHR as the launch's user reaches it, the screens' services, background jobs, operations.
        services.AddEhr(configuration);
        services.AddEligibilityChecks(configuration); // payer FHIR endpoints and the clearinghouse's 270/271, per practice
        services.AddScreens();
        services.AddJobs(configuration);
        services.AddBulkExport(configuration); // $export client per registration, capability-driven intake mode
        services.AddFhirAppHealthChecks();
        services.AddFhirAppOptionsValidation();
        services.AddWebUi();
        return builder;
    }

    public static async Task UseFhirAppAsync(this WebApplication app)
    {
        OptionsValidation.ValidateNow(app.Services); // bad settings fail here, naming the key, before the database is touched
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // Versioned schema: the provider's EF Core migrations (src/FhirApp.Core/Data/Migrations).
            await AppSchema.MigrateAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), app.Environment.IsDevelopment(), app.Logger);
        }

        app.UseFhirAppRequestLogging();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        var policy = SecurityHeaders.ContentSecurityPolicy(app.Services.GetRequiredService<SmartRegistry>().Registrations
            .SelectMany(r => r.EhrOrigins ?? [new Uri(r.FhirBaseUrl).GetLeftPart(UriPartial.Authority)]));
        app.Use((context, next) =>
        {
            SecurityHeaders.Apply(context, policy);
            return next(context);
        });

        app.Use((context, next) =>
        {
            // The Blazor hub carries every UI action, authenticated by the (SameSite=None) session cookie. WebSockets are
            // not bound by CORS, so a page on another site could open one with the user's cookie: refuse foreign origins.
            if (context.Request.Path.StartsWithSegments("/_blazor") && context.Request.Headers.Origin is [{ } origin]
                && !string.Equals(origin, $"{context.Request.Scheme}://{context.Request.Host}", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            }
            return next(context);
        });

        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapSmartEndpoints();
        app.MapFhirAppHealth();
        app.MapAppealEndpoints();
        app.MapCorrectedClaimEndpoints();
        app.MapAuditEndpoints();
        // Our one Content-Security-Policy carries frame-ancestors: Blazor's own ('self') would be a second, stricter one.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);
    }

    /// <summary>The EHR as a launch's user reaches it: resilient reads, writes, and the launch's cached patient record.</summary>
    private static IServiceCollection AddEhr(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddEhrResilience(configuration);
        services.AddMemoryCache();
        services.AddSingleton<LaunchDataCache>();
        services.AddSingleton<EhrPatientReader>();
        services.AddSingleton<EhrWriter>();
        // Appeals to a payer with a CDex endpoint (Appeals:Payers) go out through this client.
        services.AddHttpClient(nameof(AppealSender), c => c.Timeout = TimeSpan.FromSeconds(60));
        services.AddSingleton(sp => new AppealSender(() => sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(AppealSender)), sp.GetRequiredService<AppealOptions>()));
        return services;
    }

    /// <summary>What the pages call: the launch's claims, the live risk model, appeal packets, documentation requests, practice switches.</summary>
    private static IServiceCollection AddScreens(this IServiceCollection services)
    {
        services.AddSingleton<ClaimViewMapper>();
        services.AddSingleton<PatientClaimsService>();
        services.AddSingleton<RiskModelProvider>();
        services.AddSingleton<AppealWorkflow>();
        services.AddSingleton<AppealPackets>();
        services.AddSingleton<CorrectedClaimExport>();
        services.AddSingleton<AddendumTasks>();
        services.AddSingleton<Access.PracticeSwitches>();
        return services;
    }

    /// <summary>Blazor Server with MudBlazor, and the antiforgery cookie that works inside the EHR's frame.</summary>
    private static IServiceCollection AddWebUi(this IServiceCollection services)
    {
        // No X-Frame-Options: the EHR frames the app; the Content-Security-Policy's frame-ancestors names who may.
        services.AddAntiforgery(o => (o.Cookie, o.SuppressXFrameOptionsHeader) = (new AntiforgeryCookie { Name = o.Cookie.Name }, true));
        services.AddCascadingAuthenticationState();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        return services;
    }

    private static string ConnectionString(IConfiguration configuration, IHostEnvironment environment)
    {
        var cs = configuration.GetConnectionString("FhirApp");
        if (!string.IsNullOrEmpty(cs))
        {
            return cs;
        }
        var path = Path.Combine(environment.ContentRootPath, ".fhirapp", "fhirapp.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return $"Data Source={path}";
    }
}
