using FhirApp.Core.Common;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FhirApp.Core.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace FhirApp.Web.Smart;

public static class SmartAuthentication
{
    public const string CookieScheme = "fhirapp";
    public const string SessionClaim = "fhirapp:sid";

    /// <summary>
    /// The CHIPS cookie attribute: inside the EHR's iframe a cookie is third-party, which browsers increasingly block; a
    /// partitioned one is kept per top-level site (the EHR), so the framed app still signs in. Opened in its own window,
    /// the partition is the app's own site and nothing changes.
    /// </summary>
    public const string Partitioned = "Partitioned";

    /// <summary>SMART App Launch as a confidential client: one OpenID Connect scheme per registration in smart-config/.</summary>
    public static IServiceCollection AddSmartLaunch(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var configDirectory = Path.GetFullPath(configuration["Smart:ConfigDirectory"] ?? FindUp(environment.ContentRootPath, "smart-config"), environment.ContentRootPath);
        var registry = SmartRegistry.LoadDirectory(configDirectory);
        services.AddSingleton(registry);

        var keyDirectory = Path.GetFullPath(configuration["Smart:KeyDirectory"] ?? ".fhirapp/keys", environment.ContentRootPath);
        var generateKeys = configuration.GetValue("Smart:GenerateMissingKeys", environment.IsDevelopment());
        services.AddSingleton(new AppSigningKeys(
            keyDirectory,
            registry.Registrations.Where(r => r.ClientAuthentication == ClientAuthenticationMethod.PrivateKeyJwt).Select(r => (r.KeyId!, r.SigningAlgorithm))
                .Concat(registry.Registrations.Select(r => r.AsBackendClient()).OfType<SmartRegistration>().Select(r => (r.KeyId!, r.SigningAlgorithm))),
            generateKeys));
        services.AddSingleton<ClientAssertionFactory>();
        services.AddSingleton<SmartTokenClient>();
        services.AddValidatedSection<LaunchLifetimeOptions>(configuration, LaunchLifetimeOptions.Section);
        services.AddSingleton<LaunchStore>();
        services.AddHostedService<LaunchSweeper>();
        LaunchRateLimit.AddPolicy(services, configuration);
        services.AddScoped<SmartOidcEvents>();
        var tokenTimeoutSeconds = configuration.GetValue("Smart:TokenTimeoutSeconds", 30);
        if (tokenTimeoutSeconds is < 1 or > 300)
        {
            throw new InvalidOperationException($"Smart:TokenTimeoutSeconds: must be between 1 and 300 (it is {tokenTimeoutSeconds}).");
        }
        var tokenTimeout = TimeSpan.FromSeconds(tokenTimeoutSeconds);
        services.AddHttpClient(SmartTokenClient.HttpClientName, http => http.Timeout = tokenTimeout).RemoveAllLoggers();
        services.AddHttpClient("smart-discovery").RemoveAllLoggers();

        // Keys persist in the database so restarts and other instances can read cookies and stored tokens.
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>, DatabaseKeyRepositorySetup>();
        var dataProtection = services.AddDataProtection().SetApplicationName("FhirApp");
        ProtectKeyRing(dataProtection, configuration, environment);

        var auth = services.AddAuthentication(CookieScheme).AddCookie(CookieScheme, o =>
        {
            o.Cookie.Name = "fhirapp.session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.None; // the app runs inside the EHR's iframe: a third-party context
            o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            o.Cookie.Extensions.Add(Partitioned);
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = c => ErrorPage.WriteAsync(c.HttpContext, 401, "Launch FhirApp from your EHR", "Open a patient's chart in the EHR and launch FhirApp from there.");
        });
        foreach (var registration in registry.Registrations)
        {
            auth.AddOpenIdConnect(registration.Id, registration.Name, o =>
            {
                o.SignInScheme = CookieScheme;
                o.ClientId = registration.ClientId;
                o.CallbackPath = registration.CallbackPath;
                o.ResponseType = OpenIdConnectResponseType.Code;
                o.ResponseMode = OpenIdConnectResponseMode.Query; // SMART returns the code on the query string; the handler defaults to form_post
                o.UsePkce = true;
                o.PushedAuthorizationBehavior = PushedAuthorizationBehavior.Disable;
                o.SaveTokens = false;
                o.GetClaimsFromUserInfoEndpoint = false;
                o.MapInboundClaims = false;
                o.DisableTelemetry = true;
                o.RequireHttpsMetadata = !registration.AllowInsecureHttp;
                o.Scope.Clear();
                o.EventsType = typeof(SmartOidcEvents);
                o.TokenValidationParameters.NameClaimType = "sub";
                foreach (var cookie in new[] { o.CorrelationCookie, o.NonceCookie })
                {
                    cookie.SameSite = SameSiteMode.None;
                    cookie.SecurePolicy = CookieSecurePolicy.Always;
                    cookie.Extensions.Add(Partitioned);
                }
            });
            services.AddOptions<OpenIdConnectOptions>(registration.Id).Configure<IHttpClientFactory>((o, http) =>
                o.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                    SmartConfigurationRetriever.MetadataAddress(registration.FhirBaseUrl),
                    new SmartConfigurationRetriever(registration.FhirBaseUrl, requireHttps: !registration.AllowInsecureHttp),
                    new HttpDocumentRetriever(http.CreateClient("smart-discovery")) { RequireHttps = !registration.AllowInsecureHttp }));
        }
        return services;
    }

    public static string FindUp(string start, string name)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, name);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        return Path.Combine(start, name);
    }

    /// <summary>
    /// The key ring sits in the same database as the tokens it encrypts: with DataProtection:CertificatePath (a PKCS#12
    /// file, DataProtection:CertificatePassword) each key is stored encrypted to that certificate, so a copy of the
    /// database alone decrypts nothing. DataProtection:PreviousCertificatePaths (same password) still decrypt keys written
    /// before a certificate change. Every instance needs the same files.
    /// </summary>
    private static void ProtectKeyRing(IDataProtectionBuilder dataProtection, IConfiguration configuration, IHostEnvironment environment)
    {
        if (configuration["DataProtection:CertificatePath"] is not { Length: > 0 } path)
        {
            if (!environment.IsDevelopment())
            {
                // The keys would sit in the clear beside the tokens they encrypt: a copy of the database would open everything.
                throw new InvalidOperationException(
                    "DataProtection:CertificatePath is required outside Development: a PKCS#12 certificate (with its private key, and DataProtection:CertificatePassword) that the data-protection keys are stored encrypted to, so a copy of the database alone opens nothing.");
            }
            return; // Development only: the DataProtection library warns at start that keys are stored unencrypted
        }
        var password = configuration["DataProtection:CertificatePassword"];
        X509Certificate2 Load(string file, string key)
        {
            var full = Path.GetFullPath(file, environment.ContentRootPath);
            try
            {
                var certificate = X509CertificateLoader.LoadPkcs12FromFile(full, password);
                return certificate.HasPrivateKey ? certificate : throw new InvalidOperationException($"{key}: '{full}' holds no private key.");
            }
            catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"{key}: cannot read the certificate '{full}' ({ex.Message.TrimEnd('.')}); a PKCS#12 file with its private key, and DataProtection:CertificatePassword if it has one.", ex);
            }
        }
        var current = Load(path, "DataProtection:CertificatePath");
        var previous = configuration.GetSection("DataProtection:PreviousCertificatePaths").Get<string[]>() ?? [];
        dataProtection.ProtectKeysWithCertificate(current)
            .UnprotectKeysWithAnyCertificate([current, .. previous.Select(p => Load(p, "DataProtection:PreviousCertificatePaths"))]);
    }

    private sealed class DatabaseKeyRepositorySetup(IServiceScopeFactory scopes) : IConfigureOptions<KeyManagementOptions>
    {
        public void Configure(KeyManagementOptions options) => options.XmlRepository = new DatabaseXmlRepository(scopes);
    }
}
