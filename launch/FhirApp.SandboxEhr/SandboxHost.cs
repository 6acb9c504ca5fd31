using System.Reflection;
using FhirApp.SandboxEhr.Auth;
using FhirApp.SandboxEhr.Configuration;
using FhirApp.SandboxEhr.Data;
using FhirApp.SandboxEhr.Ehr;
using FhirApp.SandboxEhr.Fhir;
using FhirApp.SandboxEhr.TestHooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace FhirApp.SandboxEhr;

/// <summary>Builds the sandbox EHR (services and pipeline) without starting it, so tests can host it in-process.</summary>
public static class SandboxHost
{
    public const string DefaultUrl = "http://127.0.0.1:5010";

    /// <param name="configure">Optional: a hosting program's own additions (tests add a log capture).</param>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = FindContentRoot(args) });
        if (Assembly.GetEntryAssembly() != typeof(SandboxHost).Assembly)
        {
            // Hosted inside another program (tests): an appsettings.json beside it belongs to that program, not to us.
            foreach (var source in builder.Configuration.Sources.OfType<JsonConfigurationSource>()
                .Where(s => s.Path?.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) == true).ToList())
            {
                builder.Configuration.Sources.Remove(source);
            }
        }

        if (string.IsNullOrWhiteSpace(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        EnsureLoopback(builder.Configuration["urls"] ?? DefaultUrl);

        // Request and OpenIddict logs at Information carry query strings and parameters (launch codes, state). EF Core is noise.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("OpenIddict", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);

        ConfigureServices(builder.Services, builder.Configuration);
        configure?.Invoke(builder);
        var app = builder.Build();
        ConfigurePipeline(app);
        return app;
    }

    private static void ConfigureServices(IServiceCollection services, ConfigurationManager configuration)
    {
        services.AddOptions<SandboxOptions>().Bind(configuration.GetSection(SandboxOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SandboxOptions>, SandboxOptionsValidator>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SandboxUrls>();
        services.AddSingleton<ClientRegistry>();
        services.AddSingleton<LaunchCodeStore>();
        services.AddSingleton<JtiReplayCache>();
        services.AddSingleton<ClientJwksCache>();
        services.AddScoped<ClientAssertionValidator>();
        services.AddSingleton<FhirResourceStore>();
        services.AddSingleton<FhirSearchEngine>();
        services.AddSingleton<FhirService>();
        services.AddSingleton<CapabilityStatementBuilder>();
        services.AddSingleton<Fhir.Export.ExportJobStore>();
        services.AddSingleton<RequestJournal>();
        services.AddSingleton<FaultPlan>();
        services.AddSingleton<Payer.PayerRoster>();
        services.AddSingleton<Payer.PayerScenarioPlan>();
        services.AddHostedService<SandboxInitializer>();
        services.AddHttpClient(ClientJwksCache.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(5));

        services.AddSingleton<SqliteKeepAlive>();
        services.AddDbContext<SandboxDbContext>((provider, options) =>
        {
            options.UseSqlite(provider.GetRequiredService<SqliteKeepAlive>().ConnectionString);
            options.UseOpenIddict();
        });

        services.AddOpenIddict()
            .AddCore(options => options.UseEntityFrameworkCore().UseDbContext<SandboxDbContext>())
            .AddServer(options =>
            {
                options.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetJsonWebKeySetEndpointUris(".well-known/jwks")
                    .SetConfigurationEndpointUris(".well-known/openid-configuration");
                options.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow().AllowClientCredentialsFlow();
                options.RequireProofKeyForCodeExchange();
                // Encrypts OpenIddict's own codes and refresh tokens (symmetric: no RSA-4096 keygen per host).
                options.AddEphemeralEncryptionKey(SecurityAlgorithms.Aes256KW);
                options.AddSigningKey(SandboxKeys.SigningKey);
                options.DisableAccessTokenEncryption();

                // Scopes are granted by ScopeGranter (SMART grammar), not from a registered list.
                options.DisableScopeValidation();
                options.IgnoreScopePermissions();

                // A used refresh token is dead at once (OpenIddict's default allows 30 s of reuse).
                options.SetRefreshTokenReuseLeeway(null);
                options.Configure(server =>
                {
                    server.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain);
                    server.ClientAuthenticationMethods.Remove(ClientAuthenticationMethods.ClientSecretPost);
                });
                options.AddEventHandler(ClientAssertionHandler.Descriptor);
                options.AddEventHandler(OnlineAccessRefreshHandler.Descriptor);
                options.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .DisableTransportSecurityRequirement();
            })
            .AddValidation(options =>
            {
                options.UseLocalServer();
                options.UseAspNetCore();
                options.EnableTokenEntryValidation();
            });

        services.AddOptions<OpenIddictServerOptions>().Configure<IOptions<SandboxOptions>>((server, sandbox) =>
        {
            server.AccessTokenLifetime = TimeSpan.FromSeconds(sandbox.Value.AccessTokenLifetimeSeconds);
            server.RefreshTokenLifetime = TimeSpan.FromSeconds(sandbox.Value.RefreshTokenLifetimeSeconds);
            if (!string.IsNullOrWhiteSpace(sandbox.Value.BaseUrl))
            {
                server.Issuer = new Uri(sandbox.Value.BaseUrl.TrimEnd('/') + "/", UriKind.Absolute);
            }
        });
    }

    private static void ConfigurePipeline(WebApplication app)
    {
        // Options are read per request (not here) so that invalid configuration surfaces at StartAsync, not in Create.
        app.UseMiddleware<JournalMiddleware>();
        app.UseMiddleware<FaultMiddleware>();
        app.UseMiddleware<TokenFaultMiddleware>();
        app.UseAuthentication();
        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], AuthorizeEndpoint.Handle);
        app.MapPost("/connect/token", TokenEndpoint.HandleAsync);
        Fhir.Export.BulkExportEndpoints.Map(app);
        FhirEndpoints.Map(app);
        EhrEndpoints.Map(app);
        Payer.PayerEndpoints.Map(app);
        TestHookEndpoints.Map(app);
    }

    private static void EnsureLoopback(string urls)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var host = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : "";
            if (host != "localhost" && !(System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var address) && System.Net.IPAddress.IsLoopback(address)))
            {
                throw new InvalidOperationException($"The sandbox EHR binds loopback addresses only; '{url}' is not one (use http://127.0.0.1:<port>).");
            }
        }
    }

    // `dotnet run` starts in bin/…; use the project folder (appsettings.json lives there) unless told otherwise.
    private static string? FindContentRoot(string[] args)
    {
        if (args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT")))
        {
            return null;
        }

        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        for (var depth = 0; directory is not null && depth < 5; depth++, directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FhirApp.SandboxEhr.csproj")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
