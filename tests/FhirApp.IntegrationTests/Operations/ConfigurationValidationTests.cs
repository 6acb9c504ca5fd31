using System.Text.Json;
using FhirApp.IntegrationTests.Infrastructure;
using FhirApp.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace FhirApp.IntegrationTests.Operations;

/// <summary>The real composition root with one bad setting: start-up stops, and the message names the key.</summary>
public sealed class ConfigurationValidationTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("fhirapp-config-").FullName;

    [Theory]
    [InlineData("Ehr:Resilience:MaxRetries", "99", "Ehr:Resilience:MaxRetries")]
    [InlineData("Ehr:Resilience:AttemptTimeoutSeconds", "120", "Ehr:Resilience:AttemptTimeoutSeconds: must not exceed")]
    [InlineData("Jobs:AttemptTimeoutSeconds", "0", "Jobs:AttemptTimeoutSeconds")]
    [InlineData("Scoring:AucFloor", "1.5", "Scoring:AucFloor")]
    [InlineData("Scoring:RetrainCron", "daily", "Scoring:RetrainCron: 'daily' is not a Quartz cron expression")]
    [InlineData("Database:Provider", "PostgreSQL", "ConnectionStrings:FhirApp: required when Database:Provider is PostgreSQL")]
    public async Task GivenOneBadSetting_WhenTheAppStarts_ThenItFailsNamingTheKey(string key, string value, string expected)
    {
        var settings = Settings(validClientId: true);
        settings[key] = value;
        if (key == "Database:Provider")
        {
            settings.Remove("ConnectionStrings:FhirApp");
        }

        var ex = await Should.ThrowAsync<OptionsValidationException>(() => StartAsync(settings));

        ex.Message.ShouldContain(expected);
        ex.Failures.Count(f => f.Contains(key, StringComparison.Ordinal)).ShouldBe(1, ex.Message); // said once, not once per validator
    }

    [Fact]
    public void GivenAKeyRingCertificateThatIsNotThere_WhenTheAppIsBuilt_ThenTheKeyAndPathAreNamed()
    {
        var settings = Settings(validClientId: true);
        settings["DataProtection:CertificatePath"] = Path.Combine(_temp, "missing.pfx");

        var ex = Should.Throw<InvalidOperationException>(() => Build(settings));

        ex.Message.ShouldContain("DataProtection:CertificatePath: cannot read the certificate");
        ex.Message.ShouldContain("missing.pfx");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("301")]
    public void GivenATokenTimeoutOutOfRange_WhenTheAppIsBuilt_ThenTheKeyIsNamed(string seconds)
    {
        var settings = Settings(validClientId: true);
        settings["Smart:TokenTimeoutSeconds"] = seconds;

        Should.Throw<InvalidOperationException>(() => Build(settings)).Message.ShouldStartWith("Smart:TokenTimeoutSeconds: must be between 1 and 300");
    }

    [Fact]
    public void GivenProductionWithoutAKeyRingCertificate_WhenTheAppIsBuilt_ThenItRefusesToStartNamingTheSetting()
    {
        var ex = Should.Throw<InvalidOperationException>(() => Build(Settings(validClientId: true), "Production"));

        ex.Message.ShouldContain("DataProtection:CertificatePath is required outside Development");
    }

    [Fact]
    public async Task GivenProductionWithAKeyRingCertificate_WhenTheAppIsBuilt_ThenItStarts()
    {
        var settings = Settings(validClientId: true);
        settings["DataProtection:CertificatePath"] = Path.Combine(_temp, "ring.pfx");
        settings["DataProtection:CertificatePassword"] = TestCertificates.Password;
        TestCertificates.WriteKeyRingCertificate(settings["DataProtection:CertificatePath"]!);

        await using var app = Build(settings, "Production");

        FhirApp.Web.Operations.OptionsValidation.ValidateNow(app.Services);
    }

    [Fact]
    public async Task GivenGoodSettings_WhenTheAppStarts_ThenValidationPasses()
    {
        await using var app = Build(Settings(validClientId: true));

        FhirApp.Web.Operations.OptionsValidation.ValidateNow(app.Services); // would throw on any failure
    }

    [Fact]
    public void GivenARegistrationWithoutClientId_WhenTheAppIsBuilt_ThenTheFileAndKeyAreNamed()
    {
        var ex = Should.Throw<InvalidOperationException>(() => Build(Settings(validClientId: false)));

        ex.Message.ShouldContain("smart-config file 'ehr.json': clientId is required");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_temp, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may hold the file a moment longer; the temp folder is disposable.
        }
    }

    private Dictionary<string, string?> Settings(bool validClientId)
    {
        var configDir = Directory.CreateDirectory(Path.Combine(_temp, validClientId ? "smart-ok" : "smart-bad")).FullName;
        File.WriteAllText(Path.Combine(configDir, "ehr.json"), JsonSerializer.Serialize(new
        {
            id = "ehr",
            name = "An EHR",
            fhirBaseUrl = "https://ehr.example.org/fhir",
            clientId = validClientId ? "fhirapp" : " ",
            redirectUri = "https://fhirapp.example.org/callback/ehr",
            keyId = "k1",
        }));
        return new Dictionary<string, string?>
        {
            ["Smart:ConfigDirectory"] = configDir,
            ["Smart:KeyDirectory"] = Path.Combine(_temp, "keys"),
            ["Smart:GenerateMissingKeys"] = "true",
            ["ConnectionStrings:FhirApp"] = $"Data Source={Path.Combine(_temp, "app.db")};Pooling=False",
            ["Jobs:Enabled"] = "false",
        };
    }

    private static WebApplication Build(Dictionary<string, string?> settings, string environment = "Development")
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = environment,
            ApplicationName = typeof(Program).Assembly.GetName().Name,
            ContentRootPath = Path.Combine(RepoPaths.Root, "src", "FhirApp.Web"),
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddFhirApp();
        return builder.Build();
    }

    private static async Task StartAsync(Dictionary<string, string?> settings)
    {
        await using var app = Build(settings);
        await app.UseFhirAppAsync();
    }
}
