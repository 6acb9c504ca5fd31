namespace FhirApp.Core.Claims.Fhir;

/// <summary>Which parser <see cref="FhirResourceReader"/> uses for the hot claim types.</summary>
internal enum FhirReaderPath
{
    /// <summary><see cref="FhirProjectionReader"/> for the resources it understands, Firely for every other one (the default).</summary>
    Fast,

    /// <summary>Firely's deserializer for every resource: the reference the fast path is tested and measured against.</summary>
    Firely,
}
