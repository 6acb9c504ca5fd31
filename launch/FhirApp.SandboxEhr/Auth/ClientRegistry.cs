using FhirApp.SandboxEhr.Configuration;
using Microsoft.Extensions.Options;

namespace FhirApp.SandboxEhr.Auth;

internal sealed class ClientRegistry(IOptions<SandboxOptions> options)
{
    public IReadOnlyList<SandboxClientOptions> All => options.Value.Clients;

    public SandboxClientOptions? Find(string? clientId) =>
        clientId is null ? null : options.Value.Clients.FirstOrDefault(c => string.Equals(c.ClientId, clientId, StringComparison.Ordinal));
}
