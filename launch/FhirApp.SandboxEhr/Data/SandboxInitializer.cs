using FhirApp.SandboxEhr.Auth;
using FhirApp.SandboxEhr.Configuration;
using FhirApp.SandboxEhr.Fhir;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace FhirApp.SandboxEhr.Data;

/// <summary>Creates the OpenIddict tables, registers the configured clients and loads the FHIR data, before Kestrel listens.</summary>
internal sealed class SandboxInitializer(
    IServiceProvider services,
    FhirResourceStore store,
    IOptions<SandboxOptions> options,
    IHostEnvironment environment,
    TimeProvider time,
    ILoggerFactory loggers) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SandboxDbContext>();
            await db.Database.EnsureCreatedAsync(cancellationToken);
            var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
            foreach (var client in options.Value.Clients)
            {
                await applications.CreateAsync(Describe(client), cancellationToken);
            }
        }

        var paths = options.Value.DataPaths.Count > 0 ? options.Value.DataPaths : [SandboxOptions.DefaultDataPath];
        var shift = options.Value.DemoAsOf is { } asOf ? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).DayNumber - asOf.DayNumber : 0;
        var report = new FhirLoader(time, loggers.CreateLogger<FhirLoader>(), shift).Load(store, paths, environment.ContentRootPath);
        loggers.CreateLogger<SandboxInitializer>().LogInformation(
            "Sandbox EHR ready: {Clients} clients, {Resources} resources ({Skipped} skipped)",
            options.Value.Clients.Count, store.Count, report.Errors.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static OpenIddictApplicationDescriptor Describe(SandboxClientOptions client)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = client.ClientId,
            DisplayName = client.Name,
            ClientType = ClientTypes.Confidential,
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.GrantTypes.RefreshToken,
                Permissions.GrantTypes.ClientCredentials,
                Permissions.ResponseTypes.Code,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        foreach (var uri in client.RedirectUris)
        {
            descriptor.RedirectUris.Add(new Uri(uri, UriKind.Absolute));
        }

        if (client.UsesPrivateKeyJwt)
        {
            // OpenIddict wants a key on a secret-less confidential client; assertions are verified against the
            // client's live JWKS by ClientAssertionHandler, so this public key is never used.
            descriptor.JsonWebKeySet = new JsonWebKeySet();
            descriptor.JsonWebKeySet.Keys.Add(SandboxKeys.Placeholder());
        }
        else
        {
            descriptor.ClientSecret = client.ClientSecret;
        }

        return descriptor;
    }
}
