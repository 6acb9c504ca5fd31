namespace FhirApp.Web.Jobs.Export;

/// <summary>How a practice's claims data is fetched by the background jobs.</summary>
public enum IntakeMode
{
    /// <summary>FHIR Bulk Data $export of the practice's Group (or every patient), incremental by transactionTime.</summary>
    BulkExport,

    /// <summary>A search per patient of the practice's patient list.</summary>
    PatientSearch,

    /// <summary>A search across all patients (few production EHRs allow it).</summary>
    SystemSearch,
}
