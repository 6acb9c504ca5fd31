namespace FhirApp.SandboxEhr.Tests.Infrastructure;

/// <summary>One sandbox per test class (classes run in parallel; each has its own port and data).</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    private SandboxInstance? _sandbox;

    internal SandboxInstance Sandbox => _sandbox ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => _sandbox = await SandboxInstance.StartAsync();

    public async Task DisposeAsync()
    {
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }
    }
}
