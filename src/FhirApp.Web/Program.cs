using FhirApp.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddFhirApp();

var app = builder.Build();
await app.UseFhirAppAsync();
await app.RunAsync();

public partial class Program;
