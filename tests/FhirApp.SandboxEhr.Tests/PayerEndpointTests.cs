using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FhirApp.SandboxEhr.Tests.Infrastructure;

namespace FhirApp.SandboxEhr.Tests;

/// <summary>
/// The sandbox as the practice's payers and clearinghouse: answers from the payer's own member file (this test's own
/// roster, not the demo's), the member found by name and birth date when the id is not the payer's, and the scenarios
/// tests and the demo post (a 429 once, a cut-short answer).
/// </summary>
public sealed class PayerEndpointTests : IAsyncLifetime
{
    private const string Roster = """
        { "payers": [ { "payerId": "PAYER9", "name": "TEST PAYER", "members": [
          { "memberId": "M100", "last": "ROE", "first": "JANE", "birthDate": "1980-02-03", "gender": "F", "plan": "GOLD PPO", "start": "2025-01-01", "end": "2025-06-30" },
          { "memberId": "M200", "last": "DOE", "first": "JOHN", "birthDate": "1990-05-06", "gender": "M", "plan": "SILVER HMO", "start": "2025-01-01", "referralRequired": true } ] } ] }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("sandbox-payer-").FullName;
    private SandboxInstance? _sandbox;

    private SandboxInstance Sandbox => _sandbox!;

    public async Task InitializeAsync()
    {
        var roster = Path.Combine(_folder, "members.json");
        await File.WriteAllTextAsync(roster, Roster);
        var scenarios = Path.Combine(_folder, "scenarios.json");
        await File.WriteAllTextAsync(scenarios, """[{ "kind": "status", "status": 503, "memberId": "M200", "times": 1 }]""");
        _sandbox = await SandboxInstance.StartAsync($"--Sandbox:PayerRosterPath={roster}", $"--Sandbox:PayerScenariosPath={scenarios}");
    }

    public async Task DisposeAsync()
    {
        await Sandbox.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task GivenTheScenariosFileOfTheDemo_WhenTheMemberIsFirstAsked_ThenThePayerFailsOnceAndThenAnswers()
    {
        using var first = await Ask270Async("M200", "DOE", "JOHN", "19900506", "20250810");
        using var second = await Ask270Async("M200", "DOE", "JOHN", "19900506", "20250810");

        first.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        var x12 = await X12Async(second);
        x12.ShouldContain("NM1*IL*1*DOE*JOHN****MI*M200~");
        x12.ShouldContain("EB*1*IND*30*PR*SILVER HMO~");
        x12.ShouldContain("MSG*PRIMARY CARE REFERRAL REQUIRED FOR SPECIALIST SERVICES~");
    }

    [Fact]
    public async Task GivenADateOfServiceAfterThePayersEndDate_WhenAsked_ThenThe271SaysInactiveWithTheEndDate()
    {
        using var response = await Ask270Async("M100", "ROE", "JANE", "19800203", "20250810");

        var x12 = await X12Async(response);
        x12.ShouldContain("DTP*347*D8*20250630~");
        x12.ShouldContain("EB*6**30~");
        x12.ShouldNotContain("EB*1");
        Envelope(x12);
    }

    [Fact]
    public async Task GivenAMemberIdThePayerDoesNotHave_WhenNameAndBirthDateMatch_ThenThe271CarriesThePayersOwnId()
    {
        using var response = await Ask270Async("OLD-M100", "ROE", "JANE", "19800203", "20250310");

        var x12 = await X12Async(response);
        x12.ShouldContain("NM1*IL*1*ROE*JANE****MI*M100~");
        x12.ShouldContain("EB*1*IND*30*PR*GOLD PPO~");
    }

    [Fact]
    public async Task GivenNeitherTheIdNorTheBirthDateMatch_WhenAsked_ThenThe271RejectsWithAaa72()
    {
        using var response = await Ask270Async("OLD-M100", "ROE", "JANE", "19800204", "20250310");

        (await X12Async(response)).ShouldContain("AAA*N**72*C~");
    }

    [Fact]
    public async Task Given429OnceAndACutShortAnswerPosted_WhenAskedThreeTimes_ThenThrottledWithRetryAfterThenTruncatedThenWhole()
    {
        using var post = await Sandbox.Http.PostAsJsonAsync("/_sandbox/payer-scenarios", new object[]
        {
            new { kind = "status", status = 429, memberId = "M100", times = 1 },
            new { kind = "malformed", memberId = "M100", times = 2 },
        });
        post.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        using var throttled = await Ask270Async("M100", "ROE", "JANE", "19800203", "20250310");
        using var cut = await Ask270Async("M100", "ROE", "JANE", "19800203", "20250310");
        using var whole = await Ask270Async("M100", "ROE", "JANE", "19800203", "20250310");

        throttled.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        throttled.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(1));
        var truncated = await X12Async(cut);
        truncated.ShouldNotContain("HL*3");
        truncated.ShouldNotContain("IEA*");
        Envelope(await X12Async(whole));
    }

    [Fact]
    public async Task GivenAnUnknownScenarioKind_WhenPosted_ThenRefusedNamingIt()
    {
        using var post = await Sandbox.Http.PostAsJsonAsync("/_sandbox/payer-scenarios", new object[] { new { kind = "explode" } });

        post.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await post.Content.ReadAsStringAsync()).ShouldContain("'explode'");
    }

    [Fact]
    public async Task GivenACoverageEligibilityRequestAfterTheEndDate_WhenSubmitted_ThenTheResponseIsNotInForceWithThePayersPeriod()
    {
        var request = new JsonObject
        {
            ["resourceType"] = "CoverageEligibilityRequest",
            ["servicedDate"] = "2025-08-10",
            ["contained"] = new JsonArray(
                new JsonObject { ["resourceType"] = "Patient", ["id"] = "subscriber", ["name"] = new JsonArray(new JsonObject { ["family"] = "Roe", ["given"] = new JsonArray("Jane") }), ["birthDate"] = "1980-02-03" },
                new JsonObject { ["resourceType"] = "Coverage", ["id"] = "coverage", ["subscriberId"] = "M100", ["subscriber"] = new JsonObject { ["reference"] = "#subscriber" } }),
        };

        using var response = await Sandbox.Http.PostAsync("/payer/PAYER9/fhir/CoverageEligibilityRequest/$submit",
            new StringContent(request.ToJsonString(), System.Text.Encoding.UTF8, "application/fhir+json"));

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        ((string?)body["resourceType"]).ShouldBe("CoverageEligibilityResponse");
        ((bool?)body["insurance"]![0]!["inforce"]).ShouldBe(false);
        ((string?)body["insurance"]![0]!["benefitPeriod"]!["end"]).ShouldBe("2025-06-30");
    }

    // A 270 as a practice's system sends it, with the separators * : ^ ~ and a 106-character ISA.
    private Task<HttpResponseMessage> Ask270Async(string memberId, string last, string first, string birth, string dateOfService)
    {
        var x12 = string.Join("~\n",
            $"ISA*00*{"",10}*00*{"",10}*ZZ*{"RIV001",-15}*ZZ*{"SANDBOXCH",-15}*251201*0800*^*00501*000000001*0*T*:",
            "GS*HS*RIV001*SANDBOXCH*20251201*0800*1*X*005010X279A1",
            "ST*270*0001*005010X279A1",
            "BHT*0022*13*TRACE1*20251201*0800",
            "HL*1**20*1",
            "NM1*PR*2*TEST PAYER*****PI*PAYER9",
            "HL*2*1*21*1",
            "NM1*1P*2*CLINIC*****XX*1234567893",
            "HL*3*2*22*0",
            "TRN*1*TRACE1*9RIV001000",
            $"NM1*IL*1*{last}*{first}****MI*{memberId}",
            $"DMG*D8*{birth}*U",
            $"DTP*291*D8*{dateOfService}",
            "EQ*30",
            "SE*13*0001",
            "GE*1*1",
            "IEA*1*000000001") + "~\n";
        return Sandbox.Http.PostAsJsonAsync("/clearinghouse/eligibility/270", new { payerId = "PAYER9", x12 });
    }

    private static async Task<string> X12Async(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["x12"] ?? "";
    }

    private static void Envelope(string x12)
    {
        x12.ShouldStartWith("ISA*");
        x12[105].ShouldBe('~');
        x12.ShouldContain("ST*271*0001*005010X279A1~");
        x12.TrimEnd().ShouldEndWith("~");
        x12.ShouldContain("IEA*1*");
    }
}
