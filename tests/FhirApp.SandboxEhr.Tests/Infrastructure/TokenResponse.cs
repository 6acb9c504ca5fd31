using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;

namespace FhirApp.SandboxEhr.Tests.Infrastructure;

internal sealed record TokenResponse(int Status, JsonObject Json)
{
    public string? Error => (string?)Json["error"];

    public string? AccessToken => (string?)Json["access_token"];

    public string? RefreshToken => (string?)Json["refresh_token"];

    public string? Scope => (string?)Json["scope"];

    public IReadOnlyList<string> Scopes => (Scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public JsonWebToken IdToken => new((string?)Json["id_token"] ?? throw new InvalidOperationException("No id_token in the response."));
}
