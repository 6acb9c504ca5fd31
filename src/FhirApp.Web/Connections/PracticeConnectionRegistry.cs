using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
using FhirApp.Core.Eligibility;
using FhirApp.Core.Scrubbing.Corrections.X12;

namespace FhirApp.Web.Connections;

/// <summary>
/// The <c>remittance</c>, <c>claimSubmission</c> and <c>eligibility</c> blocks of every smart-config/ file, by registration
/// id. Read beside <see cref="Smart.SmartRegistry"/> (which ignores them) and checked at start: a bad value stops the app
/// with the file and the key named.
/// </summary>
public sealed class PracticeConnectionRegistry(IReadOnlyDictionary<string, PracticeConnections> byRegistration)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public PracticeConnections For(string registrationId) => byRegistration.GetValueOrDefault(registrationId) ?? PracticeConnections.None;

    public IEnumerable<(string RegistrationId, PracticeConnections Connections)> All =>
        byRegistration.Select(kv => (kv.Key, kv.Value));

    public static PracticeConnectionRegistry LoadDirectory(string directory, string contentRoot)
    {
        var byId = new Dictionary<string, PracticeConnections>(StringComparer.Ordinal);
        if (!Directory.Exists(directory))
        {
            return new PracticeConnectionRegistry(byId);
        }

        foreach (var file in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            File? parsed;
            try
            {
                parsed = JsonSerializer.Deserialize<File>(System.IO.File.ReadAllText(file), JsonOptions);
            }
            catch (JsonException ex)
            {
                throw new InvalidOperationException($"smart-config file '{name}': {ex.Path ?? "a value"} could not be read ({ex.Message.Split(". ", 2)[0]}).", ex);
            }

            if (parsed?.Id is { Length: > 0 } id)
            {
                byId[id] = Validate(parsed, name, contentRoot);
            }
        }

        return new PracticeConnectionRegistry(byId);
    }

    internal static PracticeConnections Validate(File file, string name, string contentRoot)
    {
        void Check(bool ok, string key, string message)
        {
            if (!ok)
            {
                throw new InvalidOperationException($"smart-config file '{name}': {key}: {message}");
            }
        }

        string? dropFolder = null;
        if (file.Remittance is { } remittance)
        {
            Check(!string.IsNullOrWhiteSpace(remittance.DropFolder), "remittance.dropFolder", "is required (the folder the clearinghouse leaves 835 files in).");
            Check(remittance.PollIntervalSeconds >= 10, "remittance.pollIntervalSeconds", "must be at least 10.");
            Check(remittance.SettleSeconds is >= 0 and <= 3600, "remittance.settleSeconds", "must be between 0 and 3600.");
            Check(remittance.Sftp is null, "remittance.sftp",
                "SFTP pickup is not available in this version of FhirApp. Have the clearinghouse's SFTP client copy the files into remittance.dropFolder instead.");
            dropFolder = Path.GetFullPath(remittance.DropFolder, contentRoot);
        }

        if (file.ClaimSubmission is { } submission)
        {
            var problems = new List<ValidationResult>();
            if (!Validator.TryValidateObject(submission, new ValidationContext(submission), problems, validateAllProperties: true))
            {
                var first = problems[0];
                var member = first.MemberNames.FirstOrDefault() ?? "";
                Check(false, $"claimSubmission.{JsonNamingPolicy.CamelCase.ConvertName(member)}", first.ErrorMessage ?? "is not valid.");
            }
        }

        if (file.Eligibility is { } eligibility && eligibility.Validate() is { } problem)
        {
            Check(false, "eligibility." + problem.Key, problem.Message);
        }

        return new PracticeConnections
        {
            Remittance = file.Remittance,
            ClaimSubmission = file.ClaimSubmission,
            Eligibility = file.Eligibility,
            DropFolderPath = dropFolder,
        };
    }

    /// <summary>The parts of a smart-config file this registry reads; the rest belongs to the SMART registration.</summary>
    internal sealed record File
    {
        public string? Id { get; init; }

        public RemittanceDropSettings? Remittance { get; init; }

        public Submitter837Options? ClaimSubmission { get; init; }

        public EligibilitySettings? Eligibility { get; init; }
    }
}
