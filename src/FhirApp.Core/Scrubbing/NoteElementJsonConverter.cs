using System.Text.Json;
using System.Text.Json.Serialization;

namespace FhirApp.Core.Scrubbing;

/// <summary>Reads and writes <see cref="NoteElement"/> names in kebab case, as policy files spell them.</summary>
internal sealed class NoteElementJsonConverter() : JsonStringEnumConverter<NoteElement>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false);
