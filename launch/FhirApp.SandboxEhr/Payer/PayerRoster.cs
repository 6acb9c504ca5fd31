using System.Text.Json;

namespace FhirApp.SandboxEhr.Payer;

/// <summary>
/// The payers the sandbox plays (Payer/members.json beside the project, or Sandbox:PayerRosterPath): their own member
/// files, independent of the EHR's Coverage resources, so coverage can lapse without the EHR knowing.
/// </summary>
public sealed class PayerRoster
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly IReadOnlyList<PayerFile> _payers;

    public PayerRoster(IConfiguration configuration, IHostEnvironment environment)
    {
        var path = configuration["Sandbox:PayerRosterPath"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured, environment.ContentRootPath)
            : Path.Combine(environment.ContentRootPath, "Payer", "members.json");
        var file = File.Exists(path) ? JsonSerializer.Deserialize<RosterFile>(File.ReadAllText(path), Json) : null;
        _payers = file?.Payers ?? [];
    }

    public PayerFile? Payer(string? payerId) =>
        _payers.FirstOrDefault(p => string.Equals(p.PayerId, payerId, StringComparison.OrdinalIgnoreCase));

    public static PayerMember? Member(PayerFile payer, string? memberId) =>
        payer.Members.FirstOrDefault(m => string.Equals(m.MemberId, memberId?.Trim(), StringComparison.OrdinalIgnoreCase));

    private sealed record RosterFile(IReadOnlyList<PayerFile> Payers);
}
