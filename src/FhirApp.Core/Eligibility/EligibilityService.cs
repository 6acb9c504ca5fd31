using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using FhirApp.Core.Claims;
using FhirApp.Core.Data;
using FhirApp.Core.Eligibility.X12;
using FhirApp.Core.Scrubbing;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Refit;

namespace FhirApp.Core.Eligibility;

/// <summary>
/// Real-time eligibility for a claim: the question from the claim's context, asked by the route the practice set for
/// the payer (a FHIR CoverageEligibilityRequest to the payer's endpoint, or a 270 through the clearinghouse's API),
/// the answer interpreted and stored per practice, patient and payer with its date. A payer that does not answer, a
/// refusal, or an unreadable answer is an answer of its own (status Failed or Rejected, with a plain message); nothing
/// here throws for what a payer or clearinghouse sends.
/// </summary>
public sealed class EligibilityService(IServiceProvider services, IHttpClientFactory http, IDbContextFactory<AppDbContext> dbs, TimeProvider clock, ILogger<EligibilityService> logger)
{
    public const string FhirClientName = "eligibility-fhir";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="practice">The practice key every stored row carries.</param>
    /// <param name="clearinghouseKey">The key of the practice's clearinghouse client (its registration id).</param>
    public async Task<(EligibilityAnswer? Answer, string? Problem)> CheckAsync(
        string practice, string clearinghouseKey, EligibilitySettings settings, ClaimContext context, string checkedBy, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(context);
        if (RouteFor(settings, context) is not { } match)
        {
            return (null, $"Eligibility checks are not set up for {context.Payer?.Name ?? "this claim's payer"} in this practice.");
        }

        var (query, problem) = EligibilityQuery.From(context, match.Key, "FA" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)));
        if (query is null)
        {
            return (null, problem);
        }

        var answer = match.Route.FhirEndpoint is { } endpoint
            ? await AskFhirAsync(endpoint, query, settings, ct)
            : await AskClearinghouseAsync(clearinghouseKey, match.Route.ClearinghousePayerId!, settings.Clearinghouse!, query, ct);
        await StoreAsync(practice, context.Claim?.Id, query, answer, checkedBy, ct);
        logger.LogInformation("Eligibility check for {Practice} by {Route}: {Status}", practice, answer.Route, answer.Status);
        return (answer, null);
    }

    /// <summary>The practice's route for the claim's payer, matched by payer id through the rule content's payer directory; null when none is set up.</summary>
    public (string Key, EligibilityPayerRoute Route)? RouteFor(EligibilitySettings settings, ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return EligibilityPayerMatch.Find(settings, PayerIdentity.Of(context), services.GetService<RuleBook>()?.Directory);
    }

    /// <summary>
    /// The newest check per (patient, payer) of the practice, for the given patients (all when null). With
    /// <paramref name="answeredOnly"/>, the newest the payer answered: a check that got no answer (status Failed) says
    /// nothing about the coverage, so it must not hide what the payer said before.
    /// </summary>
    public async Task<IReadOnlyList<StoredEligibility>> LatestAsync(string practice, IReadOnlyCollection<string>? patientIds, bool answeredOnly, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var rows = await db.EligibilityChecks.AsNoTracking()
            .Where(c => c.Tenant == practice && (patientIds == null || patientIds.Contains(c.PatientId)))
            .Where(c => !answeredOnly || c.Status != EligibilityStatus.Failed)
            .OrderByDescending(c => c.CheckedAt).ThenByDescending(c => c.Id)
            .Take(5000)
            .ToListAsync(ct);
        return [.. rows.GroupBy(r => (r.PatientId, r.PayerKey)).Select(g => g.First()).Select(r => new StoredEligibility(
            r.PatientId, r.PayerKey, r.ClaimId, new DateTimeOffset(DateTime.SpecifyKind(r.CheckedAt, DateTimeKind.Utc)), r.CheckedBy,
            JsonSerializer.Deserialize<EligibilityAnswer>(r.AnswerJson, Json)!))];
    }

    private async Task<EligibilityAnswer> AskClearinghouseAsync(string key, string payerId, ClearinghouseSettings clearinghouse, EligibilityQuery query, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var text = Eligibility270Writer.Write(query, clearinghouse, payerId, now, (int)(now.ToUnixTimeSeconds() % 999_999_999) + 1);
        try
        {
            var api = services.GetRequiredKeyedService<IClearinghouseEligibilityApi>(key);
            var response = await api.SubmitAsync(new ClearinghouseEligibilityRequest(payerId, text), ct);
            if (string.IsNullOrWhiteSpace(response.X12))
            {
                return EligibilityInterpreter.Failed(query, "x12", "The clearinghouse sent no 271" + (response.Error is { Length: > 0 } ? ": it reported an error." : "."));
            }

            return EligibilityInterpreter.FromX12(Eligibility271Reader.Read(response.X12), query);
        }
        catch (ApiException ex) when ((int)ex.StatusCode is >= 200 and <= 299)
        {
            // Refit could not deserialize a 2xx body: an error page or anything but the API's JSON.
            return EligibilityInterpreter.Failed(query, "x12", "The clearinghouse's answer could not be read (it is not the eligibility API's JSON). Check again in a few minutes.");
        }
        catch (ApiException ex)
        {
            return EligibilityInterpreter.Failed(query, "x12", Unanswered("clearinghouse", ex.StatusCode));
        }
        catch (JsonException)
        {
            return EligibilityInterpreter.Failed(query, "x12", "The clearinghouse's answer could not be read (it is not the eligibility API's JSON). Check again in a few minutes.");
        }
        catch (Exception ex) when (IsUnreachable(ex, ct))
        {
            return EligibilityInterpreter.Failed(query, "x12", "The clearinghouse did not answer in time. Check again in a few minutes.");
        }
        catch (ApiRequestException) when (!ct.IsCancellationRequested)
        {
            return EligibilityInterpreter.Failed(query, "x12", "The clearinghouse could not be reached. Check again in a few minutes.");
        }
    }

    private async Task<EligibilityAnswer> AskFhirAsync(string endpoint, EligibilityQuery query, EligibilitySettings settings, CancellationToken ct)
    {
        var request = EligibilityFhir.Request(query, clock.GetUtcNow());
        try
        {
            using var client = new FhirClient(endpoint, http.CreateClient(FhirClientName), new FhirClientSettings
            {
                PreferredFormat = ResourceFormat.Json,
                VerifyFhirVersion = false,
            });
            var parameters = new Parameters();
            parameters.Add("resource", request);
            var result = await client.TypeOperationAsync<CoverageEligibilityRequest>("submit", parameters, ct: ct);
            return result is CoverageEligibilityResponse response
                ? EligibilityInterpreter.FromFhir(response, query)
                : EligibilityInterpreter.Failed(query, "fhir", "The payer's answer is not an eligibility response.");
        }
        catch (FhirOperationException ex) when ((int)ex.Status is >= 200 and <= 299)
        {
            // Firely could not parse a 2xx body: cut short, or not FHIR.
            return EligibilityInterpreter.Failed(query, "fhir", "The payer's answer could not be read.");
        }
        catch (FhirOperationException ex)
        {
            return EligibilityInterpreter.Failed(query, "fhir", Unanswered("payer", ex.Status));
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or Hl7.Fhir.Serialization.DeserializationFailedException)
        {
            return EligibilityInterpreter.Failed(query, "fhir", "The payer's answer could not be read.");
        }
        catch (Exception ex) when (IsUnreachable(ex, ct))
        {
            return EligibilityInterpreter.Failed(query, "fhir", "The payer did not answer in time. Check again in a few minutes.");
        }
    }

    private async System.Threading.Tasks.Task StoreAsync(string practice, string? claimId, EligibilityQuery query, EligibilityAnswer answer, string checkedBy, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.EligibilityChecks.Add(new EligibilityCheck
        {
            Tenant = practice,
            PatientId = query.PatientId,
            PayerKey = query.PayerKey,
            ClaimId = claimId,
            CheckedAt = clock.GetUtcNow().UtcDateTime,
            AnsweredAt = answer.AnsweredAt?.UtcDateTime,
            ServiceDate = query.ServiceDate,
            Route = answer.Route,
            Status = answer.Status,
            AnswerJson = JsonSerializer.Serialize(answer, Json),
            CheckedBy = checkedBy.Length > 256 ? checkedBy[..256] : checkedBy,
        });
        await db.SaveChangesAsync(ct);
    }

    private static string Unanswered(string who, HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => $"The {who} refused FhirApp's credentials ({(int)status}). Ask the practice's administrator to check the eligibility set-up.",
        HttpStatusCode.NotFound => $"The {who} does not offer eligibility checks at the configured address ({(int)status}).",
        >= HttpStatusCode.InternalServerError or HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout => $"The {who} could not answer now ({(int)status}). Check again in a few minutes.",
        _ => $"The {who} refused the request ({(int)status}).",
    };

    // Timeouts (Polly's, HttpClient's), connection failures; a cancellation of our own is not one.
    // Refit (16) wraps what the HTTP stack threw in an ApiRequestException.
    private static bool IsUnreachable(Exception ex, CancellationToken ct) =>
        !ct.IsCancellationRequested && (ex is HttpRequestException or TaskCanceledException or TimeoutException or Polly.Timeout.TimeoutRejectedException
            or Polly.CircuitBreaker.BrokenCircuitException || (ex is ApiRequestException { InnerException: { } inner } && IsUnreachable(inner, ct)));
}
