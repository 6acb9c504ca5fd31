using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Security.Cryptography;
using FhirApp.Core.Claims.Sources.Bulk;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Refit;

namespace FhirApp.Cli.Export;

/// <summary>
/// `fhirapp export --fhir-base URL --client-id ID --key PEM [--group ID | --system] [--since DATE] [--type T,…] --out DIR`:
/// a FHIR Bulk Data $export as a SMART Backend Services client, its NDJSON files written to DIR for `fhirapp scrub
/// --claims DIR` and `fhirapp train --history DIR`. Resumable: run the same command again after a crash or Ctrl+C and it
/// follows the same export (state in DIR/.fhirapp-export.json). The protocol is Core's <see cref="BulkExportClient"/>
/// over the Refit <see cref="IBulkDataApi"/>, with retries of 429 / 5xx that honour Retry-After as in the app.
/// </summary>
internal static class ExportCommand
{
    public static Command Create(TextWriter output, TextWriter error, TimeProvider waits)
    {
        var fhirBase = new Option<Uri>("--fhir-base")
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
        var clientId = new Option<string>("--client-id") { Description = "The Backend Services client id registered at the EHR.", Required = true };
        var key = new Option<string>("--key") { Description = "PEM file with the client's private key (RSA: RS384, EC P-384: ES384) whose public half the EHR knows.", Required = true };
        var keyId = new Option<string?>("--key-id") { Description = "The key's kid in the client's JWKS." };
        var tokenEndpoint = new Option<Uri?>("--token-endpoint") { Description = "Default: the token_endpoint of the EHR's .well-known/smart-configuration." };
        var scope = new Option<string?>("--scope") { Description = "Scopes to ask for; default: system/<Type>.rs for each --type." };
        var group = new Option<string?>("--group") { Description = "Export a Group's patients (Group/ID/$export); default: every patient (Patient/$export)." };
        var system = new Option<bool>("--system") { Description = "System-level export ([base]/$export) instead of Patient/$export." };
        var since = new Option<DateTimeOffset?>("--since")
        {
            Description = "Only resources changed since this instant (YYYY-MM-DD or an ISO 8601 date-time; a date is midnight UTC).",
            CustomParser = ParseSince,
        };
        var types = new Option<string[]>("--type")
        {
            Description = $"Resource types (comma-separated or repeated); default: {string.Join(',', BulkHistoryExport.HistoryTypes)}.",
            AllowMultipleArgumentsPerToken = true,
        };
        var outDir = new Option<string>("--out") { Description = "Folder to write the NDJSON files (and the export's state) into.", Required = true };
        var command = new Command("export", "Export claims history from an EHR over FHIR Bulk Data ($export) into NDJSON files; resumable.")
        {
            fhirBase, clientId, key, keyId, tokenEndpoint, scope, group, system, since, types, outDir,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(group) is { Length: > 0 } && result.GetValue(system))
            {
                result.AddError("--group and --system cannot be combined.");
            }
        });
        command.SetAction((parseResult, ct) =>
        {
            var typeList = (parseResult.GetValue(types) ?? []).SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal).ToList();
            var request = new BulkExportRequest(parseResult.GetValue(group), typeList.Count > 0 ? typeList : BulkHistoryExport.HistoryTypes, parseResult.GetValue(since))
            {
                SystemLevel = parseResult.GetValue(system),
            };
            var settings = new Settings(parseResult.GetValue(fhirBase)!, parseResult.GetValue(clientId)!, parseResult.GetValue(key)!, parseResult.GetValue(keyId),
                parseResult.GetValue(tokenEndpoint), parseResult.GetValue(scope) ?? string.Join(' ', request.Types.Select(t => $"system/{t}.rs")));
            return RunAsync(settings, request, parseResult.GetValue(outDir)!, waits, output, error, ct);
        });
        return command;
    }

    private sealed record Settings(Uri FhirBase, string ClientId, string KeyPath, string? KeyId, Uri? TokenEndpoint, string Scope);

    private static async Task<int> RunAsync(Settings settings, BulkExportRequest request, string outDir, TimeProvider waits, TextWriter output, TextWriter error, CancellationToken ct)
    {
        Microsoft.IdentityModel.Tokens.SecurityKey key;
        try
        {
            key = BackendServicesToken.ReadKey(settings.KeyPath, settings.KeyId);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or CryptographicException)
        {
            await error.WriteLineAsync($"Cannot read the private key '{settings.KeyPath}': {ex.GetType().Name}.");
            return FhirAppCommandLine.Failed;
        }

        using var tokenHttp = new HttpClient { Timeout = TimeSpan.FromMinutes(1) };
        await using var services = Services(settings, key, tokenHttp, waits);
        var client = new BulkExportClient(services.GetRequiredService<IBulkDataApi>(), settings.FhirBase, new BulkExportLimits(), waits);
        var c = CultureInfo.InvariantCulture;
        try
        {
            var result = await BulkFolderExport.RunAsync(client, request, outDir, line => output.WriteLine(line), waits, ct);
            foreach (var (type, count) in result.ResourcesPerType.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                await output.WriteLineAsync(string.Create(c, $"  {type,-22} {count,10:N0}"));
            }
            await output.WriteLineAsync(string.Create(c,
                $"Exported {result.ResourcesPerType.Values.Sum():N0} resources into {Path.GetFullPath(outDir)}: {result.FilesWritten} files written ({result.Bytes:N0} bytes){(result.FilesKept > 0 ? $", {result.FilesKept} kept from the interrupted run" : "")}."));
            if (result.Errors > 0)
            {
                await output.WriteLineAsync(string.Create(c, $"The EHR could not export {result.Errors:N0} records (its error files are in {BulkFolderExportState.WorkFolder}/)."));
            }
            await output.WriteLineAsync(string.Create(c, $"transactionTime={result.TransactionTime.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ} (give it as --since next time for what changed after)"));
            return FhirAppCommandLine.Success;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await error.WriteLineAsync("Interrupted. Run the same command again to resume the export.");
            return FhirAppCommandLine.Failed;
        }
        catch (Exception ex) when (ex is BulkExportException or HttpRequestException or TimeoutException or TaskCanceledException or IOException or UnauthorizedAccessException)
        {
            // Messages name status codes and limits, never resource content or tokens.
            await error.WriteLineAsync($"The export did not finish: {ex.Message} Run the same command again to resume it.");
            return FhirAppCommandLine.Failed;
        }
    }

    private static ServiceProvider Services(Settings settings, Microsoft.IdentityModel.Tokens.SecurityKey key, HttpClient tokenHttp, TimeProvider waits)
    {
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
