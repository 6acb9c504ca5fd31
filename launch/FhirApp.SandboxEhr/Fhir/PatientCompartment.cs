namespace FhirApp.SandboxEhr.Fhir;

internal static class PatientCompartment
{
    public static bool Contains(FhirResourceStore store, StoredResource resource, string patientId)
    {
        if (resource.Type == "Patient")
        {
            return resource.Id == patientId;
        }

        var target = $"Patient/{patientId}";
        return ReferenceSearchParameters.CompartmentPaths(resource.Type)
            .SelectMany(path => JsonPaths.References(resource.Element, path))
            .Any(reference => store.ResolveReference(reference) == target);
    }

    /// <summary>Accepts "x", "Patient/x" or "{any base}/Patient/x" as naming patient x.</summary>
    public static bool Names(string value, string patientId) =>
        value == patientId || value == $"Patient/{patientId}" || value.EndsWith($"/Patient/{patientId}", StringComparison.Ordinal);
}
