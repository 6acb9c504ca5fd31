using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace FhirApp.Core.Scrubbing.Synthetic;

/// <summary>A generated practice: its resources, and the truth about the defects injected (claims not listed are clean).</summary>
public sealed record SyntheticCorpus(IReadOnlyList<Resource> Resources, IReadOnlyList<InjectedError> Truth, DateOnly Today)
{
    /// <summary>Writes the resources as FHIR Bulk Data NDJSON, one file per resource type ("Claim.ndjson"…); returns the files.</summary>
    public IReadOnlyList<string> WriteNdjson(string directory)
    {
        Directory.CreateDirectory(directory);
        var serializer = new FhirJsonSerializer();
        var files = new List<string>();
        foreach (var group in Resources.GroupBy(r => r.TypeName).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var path = Path.Combine(directory, group.Key + ".ndjson");
            using var writer = new StreamWriter(path);
            foreach (var resource in group)
            {
                writer.Write(serializer.SerializeToString(resource));
                writer.Write('\n');
            }

            files.Add(path);
        }

        return files;
    }
}
