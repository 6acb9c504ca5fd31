using System.Text.Json;
using System.Text.Json.Serialization;

namespace FhirApp.Core.Scrubbing;

/// <summary>Reads payer policy files (one JSON file per payer, see Content/payers/README.md). A bad file fails loudly, naming itself.</summary>
public static class PayerPolicyLoader
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static IReadOnlyList<PayerPolicy> LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }
        var policies = new List<PayerPolicy>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            try
            {
                var policy = JsonSerializer.Deserialize<PayerPolicy>(File.ReadAllText(file), Json)
                    ?? throw new InvalidOperationException("empty file");
                if (policy.Versions.Count == 0)
                {
                    throw new InvalidOperationException("no versions");
                }
                policies.Add(policy);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                throw new InvalidOperationException($"Payer policy file '{Path.GetFileName(file)}' is invalid: {ex.Message}", ex);
            }
        }

        try
        {
            _ = RuleBook.DirectoryOf(policies); // an id or alias claimed by two payers fails the load, not a claim later
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException($"Payer policy files in '{Path.GetFileName(directory)}' disagree: {ex.Message}", ex);
        }
        return policies;
    }
}
