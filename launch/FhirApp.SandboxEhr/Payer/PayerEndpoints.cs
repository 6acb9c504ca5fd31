using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FhirApp.SandboxEhr.Payer;

/// <summary>
/// The sandbox plays the practice's payers and clearinghouse for real-time eligibility:
/// <c>POST /clearinghouse/eligibility/270</c> (JSON <c>{ payerId, x12 }</c> with a 270, answered <c>{ x12 }</c> with a 271)
/// and <c>POST /payer/{payerId}/fhir/CoverageEligibilityRequest/$submit</c> (a CoverageEligibilityRequest, bare or in
/// Parameters.resource, answered with a CoverageEligibilityResponse). Each payer answers from its own member file
/// (<see cref="PayerRoster"/>), with the test scenarios in force (<see cref="PayerScenarioPlan"/>).
/// </summary>
internal static class PayerEndpoints
{
    private const string FhirJson = "application/fhir+json; charset=utf-8";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/clearinghouse/eligibility/270", async (HttpContext http, PayerRoster roster, PayerScenarioPlan plan, TimeProvider clock, ILoggerFactory loggers) =>
        {
            JsonObject? body;
            try
            {
                body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) as JsonObject;
            }
            catch (JsonException)
            {
                body = null;
            }

            var segments = X12Text.Split((string?)body?["x12"] ?? "");
            if (segments is null || !segments.Any(s => s[0] == "ST" && X12Text.Element(s, 1) == "270"))
            {
                return Results.Json(new { x12 = (string?)null, error = "not a 270" }, statusCode: 400);
            }

            var payerId = (string?)body!["payerId"];
            var payerName = segments.FirstOrDefault(s => s[0] == "NM1" && X12Text.Element(s, 1) == "PR");
            var subscriber = segments.FirstOrDefault(s => s[0] == "NM1" && X12Text.Element(s, 1) == "IL");
            var memberId = subscriber is null ? null : X12Text.Element(subscriber, 9);
            var trace = segments.FirstOrDefault(s => s[0] == "TRN") is { } trn ? X12Text.Element(trn, 2) : "";
            var date = segments.FirstOrDefault(s => s[0] == "DTP" && X12Text.Element(s, 1) == "291") is { } dtp ? X12Text.Element(dtp, 3) : "";
            var reference = segments.FirstOrDefault(s => s[0] == "BHT") is { } bht ? X12Text.Element(bht, 3) : "";
            var birth = segments.FirstOrDefault(s => s[0] == "DMG") is { } dmg && X12Text.Element(dmg, 2) is { Length: 8 } d8 ? $"{d8[..4]}-{d8[4..6]}-{d8[6..]}" : null;
            var scenarios = plan.Take(memberId);
            if (await Misbehave(http, scenarios, clock, loggers) is { } misbehaved)
            {
                return misbehaved;
            }

            var payer = roster.Payer(payerId);
            var body271 = new List<string> { "HL*1**20*1", $"NM1*PR*2*{X12Text.Safe(payer?.Name ?? (payerName is null ? "UNKNOWN" : X12Text.Element(payerName, 3)))}*****PI*{X12Text.Safe(payerId ?? "")}" };
            var payerAaa = scenarios.FirstOrDefault(s => s.Kind == "aaa" && s.Level == "payer");
            if (payer is null || payerAaa is not null)
            {
                // 97: a payer the clearinghouse does not know; otherwise the payer's own refusal (42: cannot answer now).
                body271.Add(payer is null ? "AAA*N**97*C" : $"AAA*N**{payerAaa!.Code ?? "42"}*R");
                return X12(body271, reference, clock, scenarios);
            }

            body271.Add("HL*2*1*21*1");
            body271.Add("NM1*1P*2*PROVIDER*****XX*" + (segments.FirstOrDefault(s => s[0] == "NM1" && X12Text.Element(s, 1) == "1P") is { } p ? X12Text.Element(p, 9) : ""));
            body271.Add("HL*3*2*22*0");
            body271.Add($"TRN*2*{trace}*9SANDBOXCH");
            var found = PayerRoster.Member(payer, memberId, X12Text.Element(subscriber ?? [], 3), X12Text.Element(subscriber ?? [], 4), birth);
            var aaa = scenarios.FirstOrDefault(s => s.Kind == "aaa" && s.Level != "payer");
            if (found is null || aaa is not null)
            {
                body271.Add($"NM1*IL*1*{X12Text.Element(subscriber ?? [], 3)}*{X12Text.Element(subscriber ?? [], 4)}****MI*{memberId}");
                body271.Add($"AAA*N**{aaa?.Code ?? "72"}*C");
                return X12(body271, reference, clock, scenarios);
            }

            var member = PayerScenarioPlan.Apply(found, scenarios);
            var dos = date.Length == 8 ? $"{date[..4]}-{date[4..6]}-{date[6..]}" : clock.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            body271.Add($"NM1*IL*1*{member.Last}*{member.First}****MI*{member.MemberId}");
            body271.Add($"DMG*D8*{member.BirthDate.Replace("-", "", StringComparison.Ordinal)}*{member.Gender}");
            body271.Add($"DTP*346*D8*{member.Start.Replace("-", "", StringComparison.Ordinal)}");
            if (member.End is { } end)
            {
                body271.Add($"DTP*347*D8*{end.Replace("-", "", StringComparison.Ordinal)}");
            }

            if (member.CoversOn(dos))
            {
                body271.Add($"EB*1*IND*30*{member.InsuranceType}*{X12Text.Safe(member.Plan)}");
                if (member.ReferralRequired)
                {
                    body271.Add("MSG*PRIMARY CARE REFERRAL REQUIRED FOR SPECIALIST SERVICES");
                }

                if (member.AuthorizationRequired)
                {
                    body271.Add($"EB*1*IND*2^4*{member.InsuranceType}*{X12Text.Safe(member.Plan)}******Y");
                }
            }
            else
            {
                body271.Add("EB*6**30");
                body271.Add("MSG*NO COVERAGE ON THE DATE OF SERVICE");
            }

            return X12(body271, reference, clock, scenarios);
        });

        app.MapPost("/payer/{payerId}/fhir/CoverageEligibilityRequest/$submit", async (HttpContext http, string payerId, PayerRoster roster, PayerScenarioPlan plan, TimeProvider clock, ILoggerFactory loggers) =>
        {
            JsonObject? request;
            try
            {
                request = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) as JsonObject;
            }
            catch (JsonException)
            {
                request = null;
            }

            if ((string?)request?["resourceType"] == "Parameters")
            {
                request = (request!["parameter"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(p => (string?)p["name"] == "resource")?["resource"] as JsonObject;
            }

            if ((string?)request?["resourceType"] != "CoverageEligibilityRequest")
            {
                return Results.Text(Outcome("A CoverageEligibilityRequest is required."), FhirJson, statusCode: 400);
            }

            var contained = (request!["contained"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
            var coverage = contained.FirstOrDefault(c => (string?)c["resourceType"] == "Coverage");
            var memberId = (string?)coverage?["subscriberId"];
            var dos = (string?)request["servicedDate"] ?? clock.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var person = contained.FirstOrDefault(c => (string?)c["resourceType"] == "Patient" && (string?)c["id"] == ((string?)coverage?["subscriber"]?["reference"])?.TrimStart('#'));
            var name = (person?["name"] as JsonArray)?.FirstOrDefault();
            var scenarios = plan.Take(memberId);
            if (await Misbehave(http, scenarios, clock, loggers) is { } misbehaved)
            {
                return misbehaved;
            }

            if (scenarios.Any(s => s.Kind == "malformed"))
            {
                // Cut short mid-resource: what a proxy's truncated body looks like.
                return Results.Text("""{"resourceType":"CoverageEligibilityResponse","status":"active","insurance":[{"inforce":""", FhirJson);
            }

            var payer = roster.Payer(payerId);
            var found = payer is null ? null : PayerRoster.Member(payer, memberId, (string?)name?["family"], (string?)(name?["given"] as JsonArray)?.FirstOrDefault(), (string?)person?["birthDate"]);
            var aaa = scenarios.FirstOrDefault(s => s.Kind == "aaa");
            var response = new JsonObject
            {
                ["resourceType"] = "CoverageEligibilityResponse",
                ["id"] = Guid.NewGuid().ToString("N")[..16],
                ["status"] = "active",
                ["purpose"] = new JsonArray("validation"),
                ["patient"] = new JsonObject { ["reference"] = "#member" },
                ["servicedDate"] = dos,
                ["created"] = clock.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
                ["request"] = new JsonObject { ["identifier"] = ((request["identifier"] as JsonArray)?.FirstOrDefault()?.DeepClone()) ?? new JsonObject { ["value"] = "unknown" } },
                ["insurer"] = new JsonObject { ["display"] = payer?.Name ?? payerId },
            };
            if (found is null || aaa is not null)
            {
                var code = aaa?.Code ?? (payer is null ? "97" : "72");
                response["outcome"] = "error";
                response["contained"] = new JsonArray(new JsonObject { ["resourceType"] = "Patient", ["id"] = "member" });
                response["error"] = new JsonArray(new JsonObject
                {
                    ["code"] = new JsonObject
                    {
                        ["coding"] = new JsonArray(new JsonObject { ["system"] = "urn:sandbox:x12-aaa-reject-reason", ["code"] = code }),
                        ["text"] = code == "72" ? "Invalid member id" : "Rejected",
                    },
                });
                return Results.Text(response.ToJsonString(), FhirJson);
            }

            var member = PayerScenarioPlan.Apply(found, scenarios);
            response["outcome"] = "complete";
            response["contained"] = new JsonArray(
                new JsonObject
                {
                    ["resourceType"] = "Patient",
                    ["id"] = "member",
                    ["name"] = new JsonArray(new JsonObject { ["family"] = member.Last, ["given"] = new JsonArray(member.First) }),
                    ["gender"] = member.Gender switch { "M" => "male", "F" => "female", _ => "unknown" },
                    ["birthDate"] = member.BirthDate,
                },
                new JsonObject
                {
                    ["resourceType"] = "Coverage",
                    ["id"] = "coverage",
                    ["status"] = "active",
                    ["subscriberId"] = member.MemberId,
                    ["beneficiary"] = new JsonObject { ["reference"] = "#member" },
                    ["payor"] = new JsonArray(new JsonObject { ["display"] = payer!.Name }),
                    ["class"] = new JsonArray(new JsonObject
                    {
                        ["type"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://terminology.hl7.org/CodeSystem/coverage-class", ["code"] = "plan" }) },
                        ["value"] = "plan",
                        ["name"] = member.Plan,
                    }),
                });
            var items = new JsonArray();
            if (member.AuthorizationRequired)
            {
                items.Add(new JsonObject { ["category"] = new JsonObject { ["text"] = "Surgical and diagnostic services" }, ["authorizationRequired"] = true });
            }

            if (member.ReferralRequired)
            {
                items.Add(new JsonObject { ["name"] = "Referral", ["description"] = "A referral from the primary care provider is required", ["authorizationRequired"] = true });
            }

            var period = new JsonObject { ["start"] = member.Start };
            if (member.End is { } end)
            {
                period["end"] = end;
            }

            var insurance = new JsonObject { ["coverage"] = new JsonObject { ["reference"] = "#coverage" }, ["inforce"] = member.CoversOn(dos), ["benefitPeriod"] = period };
            if (items.Count > 0)
            {
                insurance["item"] = items;
            }

            response["insurance"] = new JsonArray(insurance);
            return Results.Text(response.ToJsonString(), FhirJson);
        });
    }

    // Delay, status and not-JSON scenarios: a slow payer (the client times out), a failing or throttling one, a proxy's
    // error page. Logged, so a demo shows the app's retries in the sandbox's console.
    private static async Task<IResult?> Misbehave(HttpContext http, IReadOnlyList<PayerScenario> scenarios, TimeProvider clock, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(PayerEndpoints));
        if (scenarios.FirstOrDefault(s => s.Kind == "delay") is { } delay)
        {
            logger.LogInformation("Payer scenario: answering {Path} after {Milliseconds} ms", http.Request.Path.Value, delay.DelayMilliseconds);
            await Task.Delay(TimeSpan.FromMilliseconds(delay.DelayMilliseconds), clock, http.RequestAborted);
        }

        if (scenarios.FirstOrDefault(s => s.Kind == "status") is { } status)
        {
            logger.LogInformation("Payer scenario: answering {Path} with HTTP {Status}; the app should ask again", http.Request.Path.Value, status.Status);
            if ((status.RetryAfterSeconds ?? (status.Status == StatusCodes.Status429TooManyRequests ? 1 : null)) is { } seconds)
            {
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            return Results.StatusCode(status.Status);
        }

        if (scenarios.FirstOrDefault(s => s.Kind == "malformed" && s.Code == "not-json") is not null)
        {
            logger.LogInformation("Payer scenario: answering {Path} with an HTML page", http.Request.Path.Value);
            return Results.Text("<html><body><h1>Service temporarily unavailable</h1></body></html>", "text/html", statusCode: StatusCodes.Status200OK);
        }

        return null;
    }

    private static IResult X12(List<string> body, string reference, TimeProvider clock, IReadOnlyList<PayerScenario> scenarios)
    {
        var now = clock.GetUtcNow();
        var text = X12Text.Build271(body, reference, now, (int)(now.ToUnixTimeSeconds() % 999_999_999) + 1);
        if (scenarios.Any(s => s.Kind == "malformed"))
        {
            // Cut short after the subscriber's loop header: no SE, GE or IEA.
            var cut = text.IndexOf("HL*3", StringComparison.Ordinal);
            text = text[..(cut < 0 ? text.Length / 2 : cut)];
        }

        return Results.Json(new { x12 = text, error = (string?)null });
    }

    private static string Outcome(string text) => new JsonObject
    {
        ["resourceType"] = "OperationOutcome",
        ["issue"] = new JsonArray(new JsonObject { ["severity"] = "error", ["code"] = "invalid", ["diagnostics"] = text }),
    }.ToJsonString();
}
