namespace FhirApp.SandboxEhr.Fhir;

public enum LoadIssueKind
{
    MissingPath,
    InvalidJson,
    NotFhir,
    InvalidResource,
    Duplicate,
}
