namespace FhirApp.Web.Smart;

/// <summary>
/// What a registration lets FhirApp write to the EHR; both off unless the practice turns them on in smart-config
/// (`features`). Off, FhirApp neither asks for the write scopes nor offers the feature, whatever the EHR would grant.
/// </summary>
public sealed record RegistrationFeatures
{
    /// <summary>Documentation requests to clinicians: Task create and update, the clinician's addendum as a DocumentReference.</summary>
    public bool AddendumRequests { get; init; }

    /// <summary>Filing a sent appeal packet in the chart as a DocumentReference.</summary>
    public bool AppealPacketsInChart { get; init; }

    /// <summary>The writes these features need, per FHIR type: v2 permission letters (c, u).</summary>
    public IReadOnlyDictionary<string, string> Writes()
    {
        var writes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (AddendumRequests)
        {
            writes["Task"] = "cu";
            writes["DocumentReference"] = "c";
        }
        if (AppealPacketsInChart)
        {
            writes["DocumentReference"] = "c";
        }
        return writes;
    }
}
