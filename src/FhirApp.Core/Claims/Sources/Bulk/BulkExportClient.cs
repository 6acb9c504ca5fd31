using System.Globalization;
using System.Net;
using System.Text.Json;

namespace FhirApp.Core.Claims.Sources.Bulk;

/// <summary>
/// The FHIR Bulk Data Access v2 protocol over one registration's <see cref="IBulkDataApi"/>: kick-off, status polling
/// that honours Retry-After and reports X-Progress, streamed downloads to disk with a size cap, the error files read
/// as OperationOutcomes, and delete. Every wait goes through the injected <see cref="TimeProvider"/>. Retries of
/// 429 / 5xx / timeouts belong to the Refit client's resilience handler; what reaches here after them is final.
/// </summary>
public sealed class BulkExportClient(IBulkDataApi api, Uri fhirBase, BulkExportLimits limits, TimeProvider clock)
{
    private static readonly Dictionary<string, string> NoQuery = new(StringComparer.Ordinal);

    public Uri FhirBase { get; } = fhirBase;

    /// <summary>Starts an export; returns its status URL (Content-Location).</summary>
    public async Task<Uri> KickOffAsync(BulkExportRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal) { ["_outputFormat"] = "application/fhir+ndjson" };
        if (request.Types.Count > 0)
        {
            parameters["_type"] = string.Join(',', request.Types);
        }
        if (request.Since is { } since)
        {
            parameters["_since"] = since.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        }
        if (!string.IsNullOrEmpty(request.TypeFilter))
        {
            parameters["_typeFilter"] = request.TypeFilter;
        }

        var basePath = Uri.UnescapeDataString(FhirBase.AbsolutePath).Trim('/');
        var path = (basePath.Length == 0 ? "" : basePath + "/") + request.Path;
        using var response = await api.KickOffAsync(path, parameters, ct);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new BulkExportException($"The export kick-off answered {(int)response.StatusCode}{await OutcomeCodeAsync(response, ct)}.");
        }

        var location = response.Content.Headers.ContentLocation ?? (response.Headers.TryGetValues("Content-Location", out var values)
            && Uri.TryCreate(values.FirstOrDefault(), UriKind.RelativeOrAbsolute, out var parsed) ? parsed : null);
        if (location is null)
        {
            throw new BulkExportException("The export kick-off answered 202 without a Content-Location (status URL).");
        }

        return OnServer(location.IsAbsoluteUri ? location : new Uri(FhirBase, location), "status URL");
    }

    /// <summary>One status poll.</summary>
    public async Task<BulkExportStatus> PollAsync(Uri statusUrl, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(statusUrl);
        var (path, query) = Split(OnServer(statusUrl, "status URL"));
        using var response = await api.StatusAsync(path, query, ct);
        switch (response.StatusCode)
        {
            case HttpStatusCode.Accepted:
                var progress = response.Headers.TryGetValues("X-Progress", out var p) ? Clip(p.FirstOrDefault()) : null;
                return new BulkExportStatus(null, progress, RetryAfter(response));
            case HttpStatusCode.OK:
                await using (var body = await response.Content.ReadAsStreamAsync(ct))
                {
                    var manifest = await JsonSerializer.DeserializeAsync(body, BulkDataJsonContext.Default.BulkExportManifest, ct)
                        ?? throw new BulkExportException("The export manifest is empty.");
                    if (manifest.Output.Count + manifest.Error.Count > limits.MaxFiles)
                    {
                        throw new BulkExportException(string.Create(CultureInfo.InvariantCulture,
                            $"The export manifest lists {manifest.Output.Count + manifest.Error.Count:N0} files, more than the limit of {limits.MaxFiles:N0} (Jobs:Export:MaxFiles)."));
                    }
                    return new BulkExportStatus(manifest, null, TimeSpan.Zero);
                }
            case HttpStatusCode.NotFound or HttpStatusCode.Gone:
                throw new BulkExportException($"The export's status URL answered {(int)response.StatusCode}: the job is gone.", gone: true);
            default:
                throw new BulkExportException($"The export's status URL answered {(int)response.StatusCode}{await OutcomeCodeAsync(response, ct)}.");
        }
    }

    /// <summary>Polls until the export completes, waiting as the server asks; <paramref name="onProgress"/> hears each 202.</summary>
    public async Task<BulkExportManifest> WaitAsync(Uri statusUrl, Func<string?, Task> onProgress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(onProgress);
        var started = clock.GetUtcNow();
        while (true)
        {
            var status = await PollAsync(statusUrl, ct);
            if (status.Manifest is { } manifest)
            {
                return manifest;
            }

            await onProgress(status.Progress);
            if (clock.GetUtcNow() - started + status.Wait > TimeSpan.FromSeconds(limits.MaxWaitSeconds))
            {
                throw new BulkExportException(string.Create(CultureInfo.InvariantCulture,
                    $"The export is still running after {limits.MaxWaitSeconds:N0} s (Jobs:Export:MaxWaitSeconds); the next run resumes it."));
            }

            await Task.Delay(status.Wait, clock, ct);
        }
    }

    /// <summary>Streams one file to <paramref name="path"/> (never whole in memory), at most MaxFileBytes; returns the bytes written.</summary>
    public async Task<long> DownloadAsync(string url, string path, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new BulkExportException("A manifest file URL is not an absolute URL.");
        }

        var (relative, query) = Split(OnServer(uri, "file URL"));
        using var response = await api.DownloadAsync(relative, query, ct);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone or HttpStatusCode.Forbidden)
        {
            throw new BulkExportException($"An export file answered {(int)response.StatusCode}: its URL has expired.", gone: true);
        }
        if (!response.IsSuccessStatusCode)
        {
            throw new BulkExportException($"An export file answered {(int)response.StatusCode}.");
        }
        if (response.Content.Headers.ContentLength > limits.MaxFileBytes)
        {
            throw TooLarge();
        }

        var partial = path + ".part";
        long written = 0;
        await using (var body = await response.Content.ReadAsStreamAsync(ct))
        await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await body.ReadAsync(buffer, ct)) > 0)
            {
                written += read;
                if (written > limits.MaxFileBytes)
                {
                    throw TooLarge();
                }
                await file.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }

        File.Move(partial, path, overwrite: true);
        return written;
    }

    /// <summary>Asks the server to drop the job and its files (DELETE on the status URL); a failure is reported, not thrown.</summary>
    public async Task<bool> DeleteAsync(Uri statusUrl, CancellationToken ct)
    {
        try
        {
            var (path, query) = Split(OnServer(statusUrl, "status URL"));
            using var response = await api.DeleteAsync(path, query, ct);
            return response.IsSuccessStatusCode || response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>
    /// The resources an error file (NDJSON of OperationOutcomes) names: the first Type/id in an issue's expression,
    /// location or diagnostics, with the issue code; an issue naming none comes back with a null type and id.
    /// </summary>
    public static IEnumerable<BulkExportError> ReadErrors(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            List<BulkExportError> errors = [];
            try
            {
                using var doc = JsonDocument.Parse(line);
                if (!doc.RootElement.TryGetProperty("issue", out var issues) || issues.ValueKind != JsonValueKind.Array)
                {
                    errors.Add(new BulkExportError(null, null, "unreadable"));
                }
                else
                {
                    foreach (var issue in issues.EnumerateArray())
                    {
                        var code = issue.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "unknown";
                        var (type, id) = BulkExportError.FindReference(issue);
                        errors.Add(new BulkExportError(type, id, code));
                    }
                }
            }
            catch (JsonException)
            {
                errors.Add(new BulkExportError(null, null, "unreadable"));
            }

            foreach (var error in errors)
            {
                yield return error;
            }
        }
    }

    private Uri OnServer(Uri url, string what)
    {
        // The bearer token goes only to the EHR's own origin; a URL elsewhere is not followed.
        if (!string.Equals(url.Scheme, FhirBase.Scheme, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(url.Host, FhirBase.Host, StringComparison.OrdinalIgnoreCase) || url.Port != FhirBase.Port)
        {
            throw new BulkExportException($"The export's {what} lies outside the EHR's origin; it is not followed with the practice's token.");
        }
        return url;
    }

    private static (string Path, Dictionary<string, string> Query) Split(Uri url)
    {
        var path = Uri.UnescapeDataString(url.AbsolutePath).TrimStart('/');
        if (string.IsNullOrEmpty(url.Query))
        {
            return (path, NoQuery);
        }
        // A status or file URL's own query (a signed-URL token, say), handed back as Refit query parameters.
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString((equals < 0 ? pair : pair[..equals]).Replace('+', ' '));
            query[key] = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
        }
        return (path, query);
    }

    private TimeSpan RetryAfter(HttpResponseMessage response)
    {
        var fallback = TimeSpan.FromSeconds(limits.DefaultPollSeconds);
        var wait = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - clock.GetUtcNow(),
            _ => fallback,
        };
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > TimeSpan.FromSeconds(limits.MaxPollSeconds) ? TimeSpan.FromSeconds(limits.MaxPollSeconds) : wait;
    }

    private BulkExportException TooLarge() => new(string.Create(CultureInfo.InvariantCulture,
        $"An export file is larger than {limits.MaxFileBytes:N0} bytes, the limit for one file (Jobs:Export:MaxFileBytes)."));

    private static string? Clip(string? text) => text is null ? null : text.Length <= 200 ? text : text[..200];

    /// <summary>", OperationOutcome code X" when the body is one: codes only, never diagnostics (they may carry PHI).</summary>
    private static async Task<string> OutcomeCodeAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            using var doc = JsonDocument.Parse(text.Length > 65_536 ? "{}" : text);
            return doc.RootElement.TryGetProperty("issue", out var issues) && issues.ValueKind == JsonValueKind.Array && issues.GetArrayLength() > 0
                && issues[0].TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String
                ? $" (OperationOutcome: {code.GetString()})" : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }
}
