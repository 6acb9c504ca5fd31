using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace FhirApp.IntegrationTests.Infrastructure;

/// <summary>
/// Generated ExplanationOfBenefit and ClaimResponse NDJSON for the sandbox: three resources per lastUpdated instant, so
/// page boundaries fall inside groups that share one. Plus reading the server's own set back with a system token.
/// </summary>
internal static class AdjudicationData
{
    public static string Write(string directory, int eobs, int claimResponses)
    {
        Directory.CreateDirectory(directory);
        var start = new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);
        string Instant(int i) => (start + TimeSpan.FromSeconds(i / 3)).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        File.WriteAllLines(Path.Combine(directory, "gen-eobs.ndjson"), Enumerable.Range(0, eobs).Select(i =>
            $$$"""{"resourceType":"ExplanationOfBenefit","id":"{{{EobId(i)}}}","meta":{"versionId":"1","lastUpdated":"{{{Instant(i)}}}"},"status":"active","type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/claim-type","code":"professional"}]},"use":"claim","patient":{"reference":"Patient/gen-p{{{i % 7}}}"},"created":"2025-02-20","insurer":{"reference":"Organization/org-payer-acme"},"provider":{"reference":"Practitioner/pr-susan-patel"},"outcome":"complete","insurance":[{"focal":true,"coverage":{"reference":"Coverage/gen-cov"}}]}"""));
        File.WriteAllLines(Path.Combine(directory, "gen-claimresponses.ndjson"), Enumerable.Range(0, claimResponses).Select(i =>
            $$$"""{"resourceType":"ClaimResponse","id":"gen-cr-{{{i:D4}}}","meta":{"versionId":"2","lastUpdated":"{{{Instant(i)}}}"},"status":"active","type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/claim-type","code":"professional"}]},"use":"claim","patient":{"reference":"Patient/gen-p{{{i % 7}}}"},"created":"2025-02-20","insurer":{"reference":"Organization/org-payer-acme"},"outcome":"complete"}"""));
        return directory;
    }

    public static string EobId(int i) => $"gen-eob-{i:D4}";

    /// <summary>The keys <see cref="Write"/> produces, when the sandbox serves nothing else.</summary>
    public static HashSet<string> Keys(int eobs, int claimResponses) =>
    [
        .. Enumerable.Range(0, eobs).Select(i => Key("ExplanationOfBenefit", EobId(i), "1")),
        .. Enumerable.Range(0, claimResponses).Select(i => Key("ClaimResponse", $"gen-cr-{i:D4}", "2")),
    ];

    /// <summary>Every (type/id, versionId) the server holds for the polled types, read with a system token.</summary>
    public static async Task<HashSet<string>> ServerSetAsync(string fhirBase, string systemToken)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", systemToken);
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in new[] { "ExplanationOfBenefit", "ClaimResponse" })
        {
            string? url = $"{fhirBase}/{type}?_count=200";
            while (url is not null)
            {
                using var doc = JsonDocument.Parse(await http.GetStringAsync(url));
                foreach (var entry in doc.RootElement.TryGetProperty("entry", out var entries) ? entries.EnumerateArray() : default)
                {
                    var r = entry.GetProperty("resource");
                    set.Add(Key(type, r.GetProperty("id").GetString()!, r.GetProperty("meta").GetProperty("versionId").GetString()!));
                }
                url = doc.RootElement.GetProperty("link").EnumerateArray()
                    .FirstOrDefault(l => l.GetProperty("relation").GetString() == "next") is { ValueKind: JsonValueKind.Object } next
                    ? next.GetProperty("url").GetString() : null;
            }
        }
        return set;
    }

    public static string Key(string type, string id, string? versionId) => $"{type}/{id}|{versionId}";
}
