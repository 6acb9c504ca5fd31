using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace FhirApp.IntegrationTests.Infrastructure;

/// <summary>
/// The app in the Production environment (its exception handler and error page on, the developer exception page off),
/// with one test-only address that fails: <c>/l/{launch}/test-failure</c> throws while the page renders, as a bug would.
/// </summary>
public sealed class ProductionEnvironment : AppEnvironment
{
    public const string FailingPath = "test-failure";

    protected override void ConfigureApp(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseStaticWebAssets(); // the packages' files (blazor.web.js, MudBlazor) as in Development: this test host is not published
        // Outside Development the key ring must be encrypted to a certificate.
        var path = Path.Combine(TempDirectory, "key-ring.pfx");
        if (!File.Exists(path))
        {
            TestCertificates.WriteKeyRingCertificate(path);
        }
        builder.UseSetting("DataProtection:CertificatePath", path);
        builder.UseSetting("DataProtection:CertificatePassword", TestCertificates.Password);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, FailingAddress>());
    }

    /// <summary>
    /// Before the app's pipeline: a request for the failing address gets services that refuse the page renderer, so the
    /// page's endpoint throws inside the app's exception handler (which renders its error page from a fresh scope).
    /// </summary>
    private sealed class FailingAddress : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Path.Value?.EndsWith("/" + FailingPath, StringComparison.Ordinal) == true)
                {
                    context.RequestServices = new RefusingServices(context.RequestServices);
                }
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    private sealed class RefusingServices(IServiceProvider inner) : IServiceProvider
    {
        // The Razor component endpoint's invoker and renderer (internal types of ASP.NET Core, hence by name).
        public object? GetService(Type serviceType) => serviceType.Name is "IRazorComponentEndpointInvoker" or "EndpointHtmlRenderer"
            ? throw new InvalidOperationException("Value cannot be null. (Parameter 'note')")
            : inner.GetService(serviceType);
    }
}
