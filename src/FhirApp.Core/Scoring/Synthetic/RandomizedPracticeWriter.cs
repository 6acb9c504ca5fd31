using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FhirApp.Core.Scoring.Synthetic;

/// <summary>Writes a randomized practice's truth files: mechanisms.json and causes.csv (same practice, same bytes).</summary>
internal static class RandomizedPracticeWriter
{
    public const string MechanismsFile = "mechanisms.json";

    public const string CausesFile = "causes.csv";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static void Write(string directory, IReadOnlyList<SimulatedMechanism> mechanisms, IReadOnlyList<SimulatedClaimTruth> truth)
    {
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        File.WriteAllText(Path.Combine(directory, MechanismsFile), JsonSerializer.Serialize(mechanisms, Json) + "\n", utf8);
        var csv = new StringBuilder();
        csv.Append(SimulatedPractice.CausesHeader).Append('\n');
        foreach (var t in truth.Where(t => t.Denied))
        {
            csv.Append(t.ClaimId).Append(',')
                .Append(t.PayerId ?? "").Append(',')
                .Append(t.Reason ?? "").Append(',')
                .Append(t.Mechanism ?? "").Append(',')
                .Append(t.Visible switch { true => "yes", false => "no", null => "" }).Append(',')
                .Append(t.Future ? "future" : "history").Append('\n');
        }

        File.WriteAllText(Path.Combine(directory, CausesFile), csv.ToString(), utf8);
    }

    /// <summary>Reads mechanisms.json back (the benchmark and tests).</summary>
    public static IReadOnlyList<SimulatedMechanism> ReadMechanisms(string directory) =>
        JsonSerializer.Deserialize<List<SimulatedMechanism>>(File.ReadAllText(Path.Combine(directory, MechanismsFile)), Json) ?? [];
}
