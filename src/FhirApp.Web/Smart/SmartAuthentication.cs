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
        services.AddSingleton<LaunchStore>();
        services.AddScoped<SmartOidcEvents>();
        services.AddHttpClient(SmartTokenClient.HttpClientName).RemoveAllLoggers();
        services.AddHttpClient("smart-discovery").RemoveAllLoggers();

        // Keys persist in the database so restarts and other instances can read cookies and stored tokens.
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>, DatabaseKeyRepositorySetup>();
        services.AddDataProtection().SetApplicationName("FhirApp");

        var auth = services.AddAuthentication(CookieScheme).AddCookie(CookieScheme, o =>
        {
            o.Cookie.Name = "fhirapp.session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.None; // the app runs inside the EHR's iframe: a third-party context
            o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
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

    private sealed class DatabaseKeyRepositorySetup(IServiceScopeFactory scopes) : IConfigureOptions<KeyManagementOptions>
    {
        public void Configure(KeyManagementOptions options) => options.XmlRepository = new DatabaseXmlRepository(scopes);
    }
}
