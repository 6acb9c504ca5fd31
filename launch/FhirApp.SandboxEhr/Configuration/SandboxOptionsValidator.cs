using FhirApp.SandboxEhr.Auth;
using Microsoft.Extensions.Options;

namespace FhirApp.SandboxEhr.Configuration;

internal sealed class SandboxOptionsValidator : IValidateOptions<SandboxOptions>
{
    public ValidateOptionsResult Validate(string? name, SandboxOptions options)
    {
        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.BaseUrl) && !IsOrigin(options.BaseUrl))
        {
            errors.Add($"Sandbox:BaseUrl '{options.BaseUrl}' must be an absolute http(s) URL without query or fragment, e.g. http://127.0.0.1:5010.");
        }

        if (!string.IsNullOrWhiteSpace(options.NextLinkBaseUrl) && !IsOrigin(options.NextLinkBaseUrl))
        {
            errors.Add($"Sandbox:NextLinkBaseUrl '{options.NextLinkBaseUrl}' must be an absolute http(s) URL without query or fragment.");
        }

        if (options.AccessTokenLifetimeSeconds <= 0)
        {
            errors.Add("Sandbox:AccessTokenLifetimeSeconds must be greater than 0.");
        }

        if (options.RefreshTokenLifetimeSeconds <= 0)
        {
            errors.Add("Sandbox:RefreshTokenLifetimeSeconds must be greater than 0.");
        }

        if (!IsReference(options.DefaultUser))
        {
            errors.Add($"Sandbox:DefaultUser '{options.DefaultUser}' must be a relative reference such as Practitioner/pr-susan-patel.");
        }

        if (options.ClientIdOnCreate is not ("reject" or "ignore"))
        {
            errors.Add($"Sandbox:ClientIdOnCreate '{options.ClientIdOnCreate}' must be reject or ignore.");
        }

        if (options.DataPaths.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add("Sandbox:DataPaths must not contain empty entries.");
        }

        if (options.Export.MaxActiveJobsPerClient <= 0 || options.Export.RetryAfterSeconds < 0
            || options.Export.FileLifetimeSeconds <= 0 || options.Export.ResourcesPerFile <= 0)
        {
            errors.Add("Sandbox:Export: MaxActiveJobsPerClient, FileLifetimeSeconds and ResourcesPerFile must be greater than 0, RetryAfterSeconds not negative.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Clients.Count; i++)
        {
            ValidateClient($"Sandbox:Clients:{i}", options.Clients[i], seen, errors);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateClient(string key, SandboxClientOptions client, HashSet<string> seen, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(client.ClientId))
        {
            errors.Add($"{key}:ClientId is required.");
            return;
        }

        if (!seen.Add(client.ClientId))
        {
            errors.Add($"{key}:ClientId '{client.ClientId}' is registered twice.");
        }

        var hasJwks = !string.IsNullOrWhiteSpace(client.JwksUri);
        var hasSecret = !string.IsNullOrWhiteSpace(client.ClientSecret);
        if (hasJwks == hasSecret)
        {
            errors.Add($"{key} ('{client.ClientId}') needs exactly one of JwksUri (private_key_jwt) or ClientSecret (client_secret_basic).");
        }

        if (hasJwks && !IsAbsoluteHttp(client.JwksUri!))
        {
            errors.Add($"{key}:JwksUri '{client.JwksUri}' must be an absolute http(s) URL.");
        }

        if (client.RedirectUris.Count == 0)
        {
            errors.Add($"{key}:RedirectUris needs at least one absolute URL.");
        }

        foreach (var uri in client.RedirectUris)
        {
            if (!IsAbsoluteHttp(uri) || uri.Contains('#', StringComparison.Ordinal))
            {
                errors.Add($"{key}:RedirectUris entry '{uri}' must be an absolute http(s) URL without fragment.");
            }
        }

        if (!string.IsNullOrWhiteSpace(client.LaunchUrl) && !IsAbsoluteHttp(client.LaunchUrl))
        {
            errors.Add($"{key}:LaunchUrl '{client.LaunchUrl}' must be an absolute http(s) URL.");
        }

        if (!string.IsNullOrWhiteSpace(client.PracticeLaunchUrl) && !IsAbsoluteHttp(client.PracticeLaunchUrl))
        {
            errors.Add($"{key}:PracticeLaunchUrl '{client.PracticeLaunchUrl}' must be an absolute http(s) URL.");
        }

        foreach (var scope in client.AllowedScopes)
        {
            if (SmartScope.TryParse(scope, out _) is false)
            {
                errors.Add($"{key}:AllowedScopes entry '{scope}' is not a scope this sandbox supports.");
            }
        }
    }

    private static bool IsAbsoluteHttp(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static bool IsOrigin(string value) =>
        IsAbsoluteHttp(value) && Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Query.Length == 0 && uri.Fragment.Length == 0;

    private static bool IsReference(string? value)
    {
        var parts = value?.Split('/') ?? [];
        return parts.Length == 2 && parts[0].Length > 0 && char.IsUpper(parts[0][0]) && parts[1].Length > 0;
    }
}
