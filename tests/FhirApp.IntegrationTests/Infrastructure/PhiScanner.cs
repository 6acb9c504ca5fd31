using System.Globalization;
using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace FhirApp.IntegrationTests.Infrastructure;

/// <summary>
/// What must never reach a log, taken from the fixture patients the sandbox serves: name parts, birth dates in the
/// usual spellings, MRNs and other identifiers, member ids, phones, street lines, and the patient ids themselves
/// (a FHIR URL with a patient id is PHI too). The ids of other fixture resources (claim-maria-20610) are removed from a
/// line first: they embed a first name only because the demo data is named that way, and claim ids may be logged.
/// </summary>
public sealed class PhiScanner
{
    private readonly List<(string Kind, string Value, Regex Pattern)> _terms = [];
    private readonly Regex _resourceIds;

    private PhiScanner(IEnumerable<(string Kind, string Value)> terms, IEnumerable<string> resourceIds)
    {
        foreach (var (kind, value) in terms.Where(t => t.Value.Length >= 3).Distinct())
        {
            _terms.Add((kind, value, new Regex($@"(?<![A-Za-z0-9]){Regex.Escape(value)}(?![A-Za-z0-9])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)));
        }
        _resourceIds = new Regex(string.Join('|', resourceIds.Where(i => i.Length > 0).OrderByDescending(i => i.Length).Select(Regex.Escape)), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    public IReadOnlyList<(string Kind, string Value)> Terms => [.. _terms.Select(t => (t.Kind, t.Value))];

    public static PhiScanner FromFixtures()
    {
        var terms = new List<(string, string)>();
        var otherIds = new List<string>();
        var parser = new FhirJsonDeserializer(new DeserializerSettings().UsingMode(DeserializationMode.Ostrich));
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Fixtures, "*.json", SearchOption.AllDirectories))
        {
            if (!parser.TryDeserializeResource(File.ReadAllText(file), out var resource, out _) || resource is null)
            {
                continue; // deliberately malformed edge fixtures
            }
            switch (resource)
            {
                case Patient p:
                    terms.Add(("patient id", p.Id ?? ""));
                    terms.AddRange(p.Name.SelectMany(n => n.Given.Append(n.Family)).OfType<string>().Select(n => ("name", n)));
                    terms.AddRange(p.Identifier.Select(i => i.Value).OfType<string>().Select(v => ("identifier", v)));
                    terms.AddRange(p.Telecom.Select(t => t.Value).OfType<string>().Select(v => ("telecom", v)));
                    terms.AddRange(p.Address.SelectMany(a => a.Line).OfType<string>().Select(v => ("address", v)));
                    if (p.BirthDate is { Length: 10 } birth && DateOnly.TryParseExact(birth, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var born))
                    {
                        terms.AddRange(BirthDateSpellings(born).Select(s => ("birth date", s)));
                    }
                    break;
                case Coverage c:
                    otherIds.Add(c.Id ?? "");
                    terms.AddRange(new[] { c.SubscriberId }.Concat(c.Identifier.Select(i => i.Value)).OfType<string>().Select(v => ("member id", v)));
                    break;
                default:
                    if (resource.Id is { } id)
                    {
                        otherIds.Add(id);
                    }
                    break;
            }
        }
        return new PhiScanner(terms, otherIds);
    }

    /// <summary>The lines that carry a term, with the term found.</summary>
    public IReadOnlyList<string> Find(IEnumerable<string> lines)
    {
        var leaks = new List<string>();
        foreach (var line in lines)
        {
            var text = _resourceIds.Replace(line, "<id>");
            foreach (var (kind, value, pattern) in _terms)
            {
                if (pattern.IsMatch(text))
                {
                    leaks.Add($"{kind} '{value}' in: {line}");
                }
            }
        }
        return leaks;
    }

    private static IEnumerable<string> BirthDateSpellings(DateOnly d)
    {
        var c = CultureInfo.InvariantCulture;
        return
        [
            d.ToString("yyyy-MM-dd", c), d.ToString("MM/dd/yyyy", c), d.ToString("M/d/yyyy", c), d.ToString("dd.MM.yyyy", c),
            d.ToString("dd/MM/yyyy", c), d.ToString("yyyyMMdd", c), d.ToString("MMMM d, yyyy", c), d.ToString("d MMMM yyyy", c),
            d.ToString("MMM d, yyyy", c), $"{d:yyyy-MM-dd}T00:00:00",
        ];
    }
}
