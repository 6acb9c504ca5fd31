namespace FhirApp.SandboxEhr;

public static class SandboxHost
{
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        app.MapGet("/", () => "Sandbox EHR");
        return app;
    }
}
