using System.Text.Json;

namespace FhirApp.SandboxEhr.Auth;

/// <summary>What the EHR knows at launch time; travels inside the authorization code and refresh token as one claim.</summary>
internal sealed record LaunchContext
{
    public string ClientId { get; init; } = "";

    public string? Patient { get; init; }

    public string User { get; init; } = "";

    public string? Encounter { get; init; }

    public List<string> FhirContext { get; init; } = [];

    public string? Intent { get; init; }

    public bool NeedPatientBanner { get; init; } = true;

    public string? SmartStyleUrl { get; init; }

    public string? Tenant { get; init; }

    public List<string> ScopeDeny { get; init; } = [];

    /// <summary>"relative" (Practitioner/x) or "absolute" ({fhirBase}/Practitioner/x).</summary>
    public string FhirUserForm { get; init; } = "relative";

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static LaunchContext? FromJson(string? json) =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<LaunchContext>(json, JsonOptions);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
