using FhirApp.Core.Data;
using FhirApp.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FhirApp.IntegrationTests;

/// <summary>Start-up applies the migrations, and refuses a database from before them outside development.</summary>
public sealed class DatabaseStartupTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("fhirapp-dbstart-").FullName;

    private string Db => Path.Combine(_temp, "fhirapp.db");

    [Fact]
    public async Task GivenNewDatabase_WhenTheAppStartsInProduction_ThenItHasEveryMigration()
    {
        await using var app = new ProductionApp(this);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.ShouldBeOfType<SqliteAppDbContext>();
        (await db.Database.GetAppliedMigrationsAsync()).ShouldBe(db.Database.GetMigrations());
    }

    [Fact]
    public async Task GivenDatabaseFromBeforeMigrations_WhenTheAppStartsInProduction_ThenStartFailsWithTheCause()
    {
        await using (var old = new SqliteAppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={Db};Pooling=False").Options))
        {
            await old.Database.EnsureCreatedAsync();
        }
        await using var app = new ProductionApp(this);

        var error = Should.Throw<InvalidOperationException>(() => app.Services);

        error.Message.ShouldContain("created by an older FhirApp without migrations");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_temp, recursive: true);
    }

    private sealed class ProductionApp(DatabaseStartupTests test) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseContentRoot(Path.Combine(RepoPaths.Root, "src", "FhirApp.Web"));
            builder.UseSetting("Smart:ConfigDirectory", Path.Combine(RepoPaths.Root, "smart-config"));
            builder.UseSetting("Smart:KeyDirectory", Path.Combine(test._temp, "keys"));
            builder.UseSetting("Smart:GenerateMissingKeys", "true");
            builder.UseSetting("ConnectionStrings:FhirApp", $"Data Source={test.Db}");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            var certificate = Path.Combine(test._temp, "key-ring.pfx");
            if (!File.Exists(certificate))
            {
                TestCertificates.WriteKeyRingCertificate(certificate);
            }
            builder.UseSetting("DataProtection:CertificatePath", certificate);
            builder.UseSetting("DataProtection:CertificatePassword", TestCertificates.Password);
        }
    }
}
