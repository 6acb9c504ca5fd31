using System.Text.Json.Serialization;

namespace FhirApp.Core.Appeals;

/// <summary>A guideline or policy cited for a criterion set; <c>payer</c> "*" means any payer.</summary>
public sealed record GuidelineReference(string Payer, [property: JsonPropertyName("set")] string SetId, string Text);
