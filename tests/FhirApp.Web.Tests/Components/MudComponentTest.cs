using Bunit;
using MudBlazor.Services;

namespace FhirApp.Web.Tests.Components;

/// <summary>
/// bUnit with MudBlazor's services and loose JS interop, as MudBlazor's own component tests set it up. Disposed
/// asynchronously: MudBlazor's services only implement IAsyncDisposable.
/// </summary>
public abstract class MudComponentTest : BunitContext, IAsyncLifetime
{
    protected MudComponentTest()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}
