namespace FhirApp.SandboxEhr.Tests.Infrastructure;

/// <summary>
/// What /connect/authorize answered: a redirect carrying code or error, or a page. Errors found before the
/// redirect_uri is trusted (e.g. missing PKCE) come back as a 400 with "error:…" lines instead of a redirect.
/// </summary>
internal sealed record AuthorizeOutcome(int Status, Uri? Location, string Body)
{
    public string? Code => Query("code");

    public string? Error => Query("error") ?? BodyLine("error");

    public string? ErrorDescription => Query("error_description") ?? BodyLine("error_description");

    public string? State => Query("state");

    private string? BodyLine(string name) =>
        Location is null
            ? Body.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.Ordinal))?[(name.Length + 1)..]
            : null;

    private string? Query(string name)
    {
        if (Location is null)
        {
            return null;
        }

        var values = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Location.Query);
        return values.TryGetValue(name, out var value) ? value.ToString() : null;
    }
}
