using System.Globalization;
using System.Text.Json.Nodes;
using FhirApp.SandboxEhr.Auth;
using FhirApp.SandboxEhr.Configuration;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace FhirApp.SandboxEhr.Fhir;

/// <summary>Read, create, update and batch, each checked against the caller's <see cref="FhirAccess"/>.</summary>
internal sealed class FhirService(FhirResourceStore store, FhirSearchEngine search, TimeProvider time, IOptions<SandboxOptions> options)
{
    private readonly Lock _writeGate = new();

    public FhirResponse Read(string type, string id, FhirAccess access)
    {
        var grant = access.Check(type, ScopePermissions.Read);
        if (!grant.Allowed)
        {
            return FhirResponse.Error(403, "forbidden", $"The access token has no scope that allows reading {type}.");
        }

        var resource = store.Get(type, id);
        if (resource is null)
        {
            return FhirResponse.Error(404, "not-found", $"{type}/{id} is not known.");
        }

        if (!grant.Covers(store, resource))
        {
            return FhirResponse.Error(403, "forbidden", $"{type}/{id} is outside the patients this token may see.");
        }

        return FhirResponse.Of(resource);
    }

    /// <summary>
    /// Create (POST, <paramref name="id"/> null: the server assigns the id) or update (PUT). A create with
    /// <paramref name="ifNoneExist"/> (identifier=[system|]value…) is conditional: an existing match is returned with 200
    /// instead of a second copy, several matches are 412.
    /// </summary>
    public FhirResponse Write(string type, string? id, JsonNode? body, FhirAccess access, string fhirBase, string? ifNoneExist = null)
    {
        // One write at a time: a conditional create's "no match yet" must still hold when it stores.
        lock (_writeGate)
        {
            return WriteOne(type, id, body, access, fhirBase, ifNoneExist);
        }
    }

    private FhirResponse WriteOne(string type, string? id, JsonNode? body, FhirAccess access, string fhirBase, string? ifNoneExist)
    {
        if (!FhirResourceTypes.Writable.Contains(type))
        {
            return FhirResponse.Error(405, "not-supported", $"{type} is read-only here; writable types: {string.Join(", ", FhirResourceTypes.Writable)}.");
        }

        if (body is not JsonObject resource || (string?)(resource["resourceType"] as JsonValue) != type)
        {
            return FhirResponse.Error(400, "invalid", $"The body must be a {type} resource.");
        }

        var existing = id is null ? null : store.Get(type, id);
        var needed = existing is null ? ScopePermissions.Create : ScopePermissions.Update;
        var grant = access.Check(type, needed);
        if (!grant.Allowed)
        {
            return FhirResponse.Error(403, "forbidden", $"The access token has no scope that allows {(existing is null ? "creating" : "updating")} {type}.");
        }

        if (id is not null && resource["id"] is JsonValue bodyId && (string?)bodyId != id)
        {
            return FhirResponse.Error(400, "invalid", $"The resource id must equal the URL id '{id}'.");
        }

        if (id is null && resource["id"] is not null && options.Value.ClientIdOnCreate == "reject")
        {
            return FhirResponse.Error(400, "invalid", "A create (POST) must not carry an id: the server assigns it.");
        }

        if (id is null && !string.IsNullOrWhiteSpace(ifNoneExist))
        {
            var match = Existing(type, ifNoneExist, out var problem);
            if (problem is not null)
            {
                return problem;
            }

            if (match is not null)
            {
                return grant.Covers(store, match)
                    ? FhirResponse.Of(match, 200, $"{fhirBase}/{type}/{match.Id}/_history/{match.VersionId}")
                    : FhirResponse.Error(412, "conflict", "If-None-Exist matches a resource outside the patients this token may see.");
            }
        }

        var newId = id ?? Guid.NewGuid().ToString("N");
        resource["id"] = newId;
        var version = existing is null ? 1 : (int.TryParse(existing.VersionId, CultureInfo.InvariantCulture, out var v) ? v + 1 : 2);
        var meta = resource["meta"] as JsonObject ?? new JsonObject();
        resource["meta"] = meta;
        meta["versionId"] = version.ToString(CultureInfo.InvariantCulture);
        meta["lastUpdated"] = time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

        if (!grant.Covers(store, FhirResourceStore.Snapshot(resource, 0)) || (existing is not null && !grant.Covers(store, existing)))
        {
            return FhirResponse.Error(403, "forbidden", $"The {type} is outside the patients this token may see.");
        }

        var (stored, _) = store.Put(resource);
        return FhirResponse.Of(stored, existing is null ? 201 : 200, $"{fhirBase}/{type}/{newId}/_history/{stored.VersionId}");
    }

    /// <summary>The one resource an If-None-Exist condition matches, or null for none; a problem for several or an unsupported condition.</summary>
    private StoredResource? Existing(string type, string condition, out FhirResponse? problem)
    {
        var query = QueryHelpers.ParseQuery(condition.StartsWith('?') ? condition : "?" + condition);
        if (query.Count == 0 || query.Keys.Any(k => k != "identifier"))
        {
            problem = FhirResponse.Error(400, "not-supported", "If-None-Exist supports identifier=[system|]value only here.");
            return null;
        }

        var tokens = query["identifier"].Select(v => v ?? "").ToList();
        var matches = store.OfType(type).Where(r => tokens.TrueForAll(t => FhirSearchEngine.HasIdentifier(r.Element, t))).Take(2).ToList();
        problem = matches.Count > 1 ? FhirResponse.Error(412, "duplicate", "If-None-Exist matches more than one resource.") : null;
        return matches.Count == 1 ? matches[0] : null;
    }

    public FhirResponse Batch(JsonNode? body, FhirAccess access, string fhirBase, string nextBase)
    {
        if (body is not JsonObject bundle || (string?)(bundle["resourceType"] as JsonValue) != "Bundle")
        {
            return FhirResponse.Error(400, "invalid", "POST to the base needs a Bundle.");
        }

        if ((string?)(bundle["type"] as JsonValue) != "batch")
        {
            return FhirResponse.Error(400, "not-supported", "Only Bundle.type = batch is supported (no transactions).");
        }

        var responses = new JsonArray();
        foreach (var entry in (bundle["entry"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var response = BatchEntry(entry, access, fhirBase, nextBase);
            var responseComponent = new JsonObject { ["status"] = StatusLine(response.Status) };
            var result = new JsonObject();
            if (response.Status < 300)
            {
                result["resource"] = response.BodyNode;
                if (response.Resource is { } resource)
                {
                    responseComponent["etag"] = $"W/\"{resource.VersionId}\"";
                    if (JsonPaths.String(resource.Element.GetProperty("meta"), "lastUpdated") is { } lastUpdated)
                    {
                        responseComponent["lastModified"] = lastUpdated;
                    }
                }
            }
            else
            {
                responseComponent["outcome"] = response.BodyNode;
            }

            result["response"] = responseComponent;
            responses.Add(result);
        }

        return new FhirResponse(200, new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["id"] = Guid.NewGuid().ToString("N"),
            ["type"] = "batch-response",
            ["entry"] = responses,
        });
    }

    private FhirResponse BatchEntry(JsonObject entry, FhirAccess access, string fhirBase, string nextBase)
    {
        var method = (string?)(entry["request"]?["method"] as JsonValue);
        var url = (string?)(entry["request"]?["url"] as JsonValue);
        if (method != "GET" || string.IsNullOrEmpty(url))
        {
            return FhirResponse.Error(405, "not-supported", "Batch entries must be GET requests with a request.url.");
        }

        if (url.StartsWith(fhirBase + "/", StringComparison.Ordinal))
        {
            url = url[(fhirBase.Length + 1)..];
        }

        if (Uri.TryCreate(url, UriKind.Absolute, out _) || url.StartsWith('/'))
        {
            return FhirResponse.Error(400, "invalid", $"Batch entry URL '{url}' must be relative to the FHIR base.");
        }

        var queryStart = url.IndexOf('?', StringComparison.Ordinal);
        var path = queryStart < 0 ? url : url[..queryStart];
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0 || !FhirEndpoints.IsTypeName(segments[0]))
        {
            return FhirResponse.Error(400, "invalid", $"Batch entry URL '{url}' does not name a resource type.");
        }

        if (segments.Length == 2)
        {
            return Read(segments[0], segments[1], access);
        }

        if (segments.Length != 1)
        {
            return FhirResponse.Error(400, "not-supported", $"Batch entry URL '{url}' is neither a read nor a search.");
        }

        var query = QueryHelpers.ParseQuery(queryStart < 0 ? "" : url[queryStart..])
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? "")))
            .ToList();
        return search.Search(segments[0], query, access, fhirBase, nextBase, strict: false);
    }

    private static string StatusLine(int status) => status switch
    {
        200 => "200 OK",
        201 => "201 Created",
        400 => "400 Bad Request",
        401 => "401 Unauthorized",
        403 => "403 Forbidden",
        404 => "404 Not Found",
        405 => "405 Method Not Allowed",
        _ => status.ToString(CultureInfo.InvariantCulture),
    };
}
