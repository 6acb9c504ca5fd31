using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using FhirApp.Core.Claims.Sources.Bulk;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.IdentityModel.Tokens;
using Polly;
using Refit;

namespace FhirApp.Cli.Export;

/// <summary>
/// The options that say which EHR to export from and how to sign in (Backend Services), and what to export; shared by
/// `fhirapp export` and `fhirapp bench export`. Builds the <see cref="BulkExportClient"/> over the Refit
/// <see cref="IBulkDataApi"/> with the bearer handler and a retry handler that honours Retry-After, as the app does.
/// </summary>
internal sealed class ExportConnection
{
    private readonly Option<Uri> _fhirBase = new("--fhir-base")
    {
        Description = "The EHR's FHIR base URL, e.g. https://ehr.example.org/fhir.",
        Required = true,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (Uri.TryCreate(text.TrimEnd('/') + "/", UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http")
            {
                return uri;
            }
            result.AddError($"--fhir-base must be an absolute http(s) URL, not '{text}'.");
            return null;
        },
    };

    private readonly Option<string> _clientId = new("--client-id") { Description = "The Backend Services client id registered at the EHR.", Required = true };
    private readonly Option<string> _key = new("--key") { Description = "PEM file with the client's private key (RSA: RS384, EC P-384: ES384) whose public half the EHR knows.", Required = true };
    private readonly Option<string?> _keyId = new("--key-id") { Description = "The key's kid in the client's JWKS." };
    private readonly Option<Uri?> _tokenEndpoint = new("--token-endpoint") { Description = "Default: the token_endpoint of the EHR's .well-known/smart-configuration." };
    private readonly Option<string?> _scope = new("--scope") { Description = "Scopes to ask for; default: system/<Type>.rs for each --type." };
    private readonly Option<string?> _group = new("--group") { Description = "Export a Group's patients (Group/ID/$export); default: every patient (Patient/$export)." };
    private readonly Option<bool> _system = new("--system") { Description = "System-level export ([base]/$export) instead of Patient/$export." };

    private readonly Option<DateTimeOffset?> _since = new("--since")
    {
        Description = "Only resources changed since this instant (YYYY-MM-DD or an ISO 8601 date-time; a date is midnight UTC).",
        CustomParser = ParseSince,
    };

    private readonly Option<string[]> _types = new("--type")
    {
        Description = $"Resource types (comma-separated or repeated); default: {string.Join(',', BulkHistoryExport.HistoryTypes)}.",
        AllowMultipleArgumentsPerToken = true,
    };

    public sealed record Settings(Uri FhirBase, string ClientId, string KeyPath, string? KeyId, Uri? TokenEndpoint, string Scope);

    public static ExportConnection AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var connection = new ExportConnection();
        foreach (var option in new Option[] { connection._fhirBase, connection._clientId, connection._key, connection._keyId, connection._tokenEndpoint,
            connection._scope, connection._group, connection._system, connection._since, connection._types })
        {
            command.Options.Add(option);
        }
        command.Validators.Add(result =>
        {
            if (result.GetValue(connection._group) is { Length: > 0 } && result.GetValue(connection._system))
            {
                result.AddError("--group and --system cannot be combined.");
            }
        });
        return connection;
    }

    public BulkExportRequest Request(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var types = (parseResult.GetValue(_types) ?? []).SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal).ToList();
        return new BulkExportRequest(parseResult.GetValue(_group), types.Count > 0 ? types : BulkHistoryExport.HistoryTypes, parseResult.GetValue(_since))
        {
            SystemLevel = parseResult.GetValue(_system),
        };
    }

    public Settings SettingsFrom(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var request = Request(parseResult);
        return new Settings(parseResult.GetValue(_fhirBase)!, parseResult.GetValue(_clientId)!, parseResult.GetValue(_key)!, parseResult.GetValue(_keyId),
            parseResult.GetValue(_tokenEndpoint), parseResult.GetValue(_scope) ?? string.Join(' ', request.Types.Select(t => $"system/{t}.rs")));
    }

    public static bool TryReadKey(Settings settings, TextWriter error, [NotNullWhen(true)] out SecurityKey? key)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            key = BackendServicesToken.ReadKey(settings.KeyPath, settings.KeyId);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or CryptographicException)
        {
            error.WriteLine($"Cannot read the private key '{settings.KeyPath}': {ex.GetType().Name}.");
            key = null;
            return false;
        }
    }

    public static ServiceProvider Services(Settings settings, SecurityKey key, HttpClient tokenHttp, TimeProvider waits)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var services = new ServiceCollection();
        services.AddSingleton(waits); // the retry handler waits on it (Retry-After) as BulkExportClient does between polls
        services.AddRefitGeneratedClient<IBulkDataApi>(BulkDataJsonContext.Default)
            .ConfigureHttpClient(h =>
            {
                h.BaseAddress = new Uri(settings.FhirBase.GetLeftPart(UriPartial.Authority));
                h.Timeout = TimeSpan.FromMinutes(5); // until the headers of one attempt; a file's body streams as long as it takes
            })
            .AddHttpMessageHandler(() => new BackendServicesToken(tokenHttp, settings.FhirBase, settings.ClientId, key, settings.Scope, settings.TokenEndpoint, TimeProvider.System))
            .AddResilienceHandler("bulk-export", pipeline => pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 6,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(1),
                MaxDelay = TimeSpan.FromMinutes(2),
                ShouldRetryAfterHeader = true,
            }));
        return services.BuildServiceProvider();
    }

    public static BulkExportClient Client(ServiceProvider services, Settings settings, TimeProvider waits)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);
        return new BulkExportClient(services.GetRequiredService<IBulkDataApi>(), settings.FhirBase, new BulkExportLimits(), waits);
    }

    private static DateTimeOffset? ParseSince(ArgumentResult result)
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (DateOnly.TryParseExact(token, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }
        if (token.Contains('T', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(token, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            return instant;
        }
        result.AddError($"--since must be a date (YYYY-MM-DD) or an ISO 8601 date-time, not '{token}'.");
        return null;
    }
}
