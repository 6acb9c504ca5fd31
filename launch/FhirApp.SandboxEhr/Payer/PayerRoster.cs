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

    /// <summary>
    /// The member by id, else (as payers search when the id on the card is wrong or out of date) the one member with
    /// that last name, first name and birth date (yyyy-MM-dd); the answer then carries the payer's own member id.
    /// </summary>
    public static PayerMember? Member(PayerFile payer, string? memberId, string? last = null, string? first = null, string? birthDate = null)
    {
        ArgumentNullException.ThrowIfNull(payer);
        if (payer.Members.FirstOrDefault(m => string.Equals(m.MemberId, memberId?.Trim(), StringComparison.OrdinalIgnoreCase)) is { } byId)
        {
            return byId;
        }

        if (string.IsNullOrWhiteSpace(last) || string.IsNullOrWhiteSpace(first) || string.IsNullOrWhiteSpace(birthDate))
        {
            return null;
        }

        var byPerson = payer.Members.Where(m => string.Equals(m.Last, last.Trim(), StringComparison.OrdinalIgnoreCase)
            && string.Equals(m.First, first.Trim(), StringComparison.OrdinalIgnoreCase) && m.BirthDate == birthDate).ToList();
        return byPerson.Count == 1 ? byPerson[0] : null;
    }

    private sealed record RosterFile(IReadOnlyList<PayerFile> Payers);
}
