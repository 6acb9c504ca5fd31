namespace FhirApp.SandboxEhr.Configuration;

/// <summary>The <c>Sandbox</c> configuration section.</summary>
public sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";

    public static readonly string DefaultDataPath = "../../fhir-fixtures";

    /// <summary>Public origin such as http://127.0.0.1:5010; when empty, each request's scheme and host are used.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Files or directories to load; relative paths resolve against the content root. Empty means <see cref="DefaultDataPath"/>.</summary>
    public List<string> DataPaths { get; set; } = [];

    /// <summary>
    /// The day the loaded data is "as of" (e.g. 2026-05-01 for the demo). When set, every full date of every loaded
    /// resource moves by today − this day, so the demo's deadlines stay as far away as on that day and it never ages.
    /// Empty (the default): dates are served as written, as the tests expect.
    /// </summary>
    public DateOnly? DemoAsOf { get; set; }

    public int AccessTokenLifetimeSeconds { get; set; } = 300;

    public int RefreshTokenLifetimeSeconds { get; set; } = 3600;

    /// <summary>When set, search Bundles' <c>link.next</c> use <c>{NextLinkBaseUrl}/fhir/…</c> instead of the FHIR base.</summary>
    public string? NextLinkBaseUrl { get; set; }

    /// <summary>When false the server behaves as a SMART v1 server: no <c>permission-v2</c> capability and v2 scopes are never granted.</summary>
    public bool PermissionV2 { get; set; } = true;

    /// <summary>Maps the /_sandbox/* endpoints (request journal, token revocation). On by default: this is a dev tool.</summary>
    public bool TestHooks { get; set; } = true;

    public string DefaultUser { get; set; } = "Practitioner/pr-susan-patel";

    /// <summary>
    /// A create (POST) whose body carries an id: "reject" (400, as HAPI FHIR does; the default, so a client that picks
    /// its own ids is caught) or "ignore" (the server's own id replaces it, as the R4 spec's create says).
    /// </summary>
    public string ClientIdOnCreate { get; set; } = "reject";

    /// <summary>
    /// Users whose user/ scopes reach only some patients: user reference → patient ids (e.g. a biller who works one
    /// clinic's accounts). Users not listed see the whole practice.
    /// </summary>
    public Dictionary<string, List<string>> UserPatients { get; set; } = new(StringComparer.Ordinal);

    public List<SandboxClientOptions> Clients { get; set; } = [];

    /// <summary>FHIR Bulk Data $export (kick-off, status, files).</summary>
    public SandboxExportOptions Export { get; set; } = new();

    /// <summary>
    /// Misbehaviour for tests: a patient-scoped search also returns other patients' resources of the type (and includes
    /// those patients), as an EHR that ignores the patient parameter would. Off by default.
    /// </summary>
    public bool LeakOtherPatients { get; set; }

    /// <summary>
    /// Misbehaviour for tests: a patient launch is granted user/ scopes beside every patient/ scope it asked for, as an
    /// EHR that grants both levels would. Off by default.
    /// </summary>
    public bool OverGrantUserScopes { get; set; }
}
