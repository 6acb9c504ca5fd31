using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace FhirApp.SandboxEhr.Tests.Infrastructure;

internal sealed record FhirResult(int Status, JsonObject? Json, HttpResponseHeaders Headers, string? ContentType)
{
    public JsonArray Entries => Json?["entry"] as JsonArray ?? [];

    public IReadOnlyList<string> EntryReferences(string mode) =>
        [.. Entries.Where(e => (string?)e?["search"]?["mode"] == mode)
            .Select(e => $"{e!["resource"]!["resourceType"]}/{e["resource"]!["id"]}")];

    public string? NextLink => (Json?["link"] as JsonArray)?.FirstOrDefault(l => (string?)l?["relation"] == "next")?["url"]?.GetValue<string>();
}
