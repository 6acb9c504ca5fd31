namespace FhirApp.SandboxEhr.Tests.Infrastructure;

/// <summary>A small chart: two patients, claims with responses and EOBs, coverage, a document and directory resources.</summary>
internal static class TestData
{
    public static string WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var (name, json) in Files)
        {
            File.WriteAllText(Path.Combine(directory, name), json);
        }

        return directory;
    }

    private static readonly (string Name, string Json)[] Files =
    [
        ("patients.json", """
            {"resourceType":"Bundle","type":"collection","entry":[
              {"resource":{"resourceType":"Patient","id":"p1","name":[{"given":["Alice"],"family":"Example"}],"birthDate":"1970-01-01"}},
              {"resource":{"resourceType":"Patient","id":"p2","name":[{"given":["Bob"],"family":"Other"}],"birthDate":"1980-02-02"}},
              {"resource":{"resourceType":"Patient","id":"p3","name":[{"text":"<script>alert(1)</script>"}],"birthDate":"1990-03-03"}}
            ]}
            """),
        ("directory.json", """
            {"resourceType":"Bundle","type":"collection","entry":[
              {"resource":{"resourceType":"Practitioner","id":"pr-susan-patel","name":[{"given":["Susan"],"family":"Patel"}]}},
              {"resource":{"resourceType":"Organization","id":"org-payer","name":"Example Payer"}}
            ]}
            """),
        ("encounter.json", """
            {"resourceType":"Encounter","id":"e1","status":"finished","class":{"code":"AMB"},"subject":{"reference":"Patient/p1"}}
            """),
        ("coverage.json", """
            {"resourceType":"Coverage","id":"cov1","status":"active","beneficiary":{"reference":"Patient/p1"},"payor":[{"reference":"Organization/org-payer"}]}
            """),
        ("claims.ndjson", string.Join('\n',
            """{"resourceType":"Claim","id":"c1","meta":{"lastUpdated":"2024-01-10T00:00:00Z"},"status":"active","patient":{"reference":"Patient/p1"},"insurer":{"reference":"Organization/org-payer"},"provider":{"reference":"Practitioner/pr-susan-patel"},"insurance":[{"sequence":1,"focal":true,"coverage":{"reference":"Coverage/cov1"}}],"x-unknown-element":"kept"}""",
            """{"resourceType":"Claim","id":"c2","meta":{"lastUpdated":"2024-03-01T00:00:00Z"},"status":"active","patient":{"reference":"Patient/p1"},"insurer":{"reference":"Organization/org-payer"}}""",
            """{"resourceType":"Claim","id":"c3","meta":{"lastUpdated":"2024-05-01T00:00:00Z"},"status":"cancelled","patient":{"reference":"Patient/p1"}}""",
            """{"resourceType":"Claim","id":"c9","meta":{"lastUpdated":"2024-02-01T00:00:00Z"},"status":"active","patient":{"reference":"Patient/p2"}}""")),
        ("responses.json", """
            {"resourceType":"Bundle","type":"searchset","entry":[
              {"resource":{"resourceType":"ClaimResponse","id":"cr1","status":"active","patient":{"reference":"Patient/p1"},"request":{"reference":"Claim/c1"}}},
              {"resource":{"resourceType":"ExplanationOfBenefit","id":"eob1","status":"active","patient":{"reference":"Patient/p1"},"claim":{"reference":"Claim/c1"},"insurer":{"reference":"Organization/org-payer"},"insurance":[{"focal":true,"coverage":{"reference":"Coverage/cov1"}}]}},
              {"resource":{"resourceType":"DocumentReference","id":"d1","status":"current","subject":{"reference":"Patient/p1"}}}
            ]}
            """),
    ];
}
