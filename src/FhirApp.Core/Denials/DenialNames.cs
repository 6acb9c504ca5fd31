using System.Text.Json;

namespace FhirApp.Core.Denials;

/// <summary>The lower-kebab names the table file, the CSV and the UI use for kinds, categories, owners and routes ("medical-necessity").</summary>
public static class DenialNames
{
    public static string Of<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());
}
