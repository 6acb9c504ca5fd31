using FhirApp.Core.Audit;
using FhirApp.Core.Data;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;

namespace FhirApp.Core.Scrubbing;

/// <summary>
/// The practice's own record of prior authorizations (an auth is found as Claim.insurance.preAuthRef, a ClaimResponse with use =
/// preauthorization, or this log). Entries become Da Vinci PAS-shaped ClaimResponses so the auth rule
/// judges them exactly like the EHR's.
/// </summary>
public sealed class AuthorizationLog(IDbContextFactory<AppDbContext> contexts, TimeProvider clock)
{
    /// <summary>Marks ClaimResponses made from log entries, so a finding's trigger can say where the auth came from.</summary>
    public const string Source = "urn:fhirapp:auth-log";

    public async Task<LoggedAuthorization> AddAsync(
        string tenant, string patientId, string payerId, string number, string procedureCode, decimal units, DateOnly start, DateOnly end,
        AuditActor enteredBy, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(enteredBy);
        if (string.IsNullOrWhiteSpace(number))
        {
            throw new ArgumentException("An authorization needs its number.", nameof(number));
        }
        if (string.IsNullOrWhiteSpace(procedureCode))
        {
            throw new ArgumentException("An authorization needs the procedure code it approves.", nameof(procedureCode));
        }
        if (units <= 0)
        {
            throw new ArgumentException("Approved units must be at least 1.", nameof(units));
        }
        if (end < start)
        {
            throw new ArgumentException("The authorization period ends before it starts.", nameof(end));
        }
        var entry = new LoggedAuthorization
        {
            Tenant = tenant,
            PatientId = patientId,
            PayerId = payerId,
            Number = number.Trim(),
            ProcedureCode = procedureCode.Trim().ToUpperInvariant(),
            Units = units,
            Start = start,
            End = end,
            EnteredBy = enteredBy.User,
            EnteredAt = clock.GetUtcNow().UtcDateTime,
        };
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.LoggedAuthorizations.Add(entry);
        AuditTrail.Stage(db, tenant, enteredBy, new AuditRecord(AuditAction.Create, $"Patient/{patientId}", "prior-auth-logged", $"Patient/{patientId}"), clock);
        await db.SaveChangesAsync(ct);
        return entry;
    }

    /// <summary>The practice's entries for one patient, or for all its patients when <paramref name="patientId"/> is null.</summary>
    public async Task<IReadOnlyList<LoggedAuthorization>> ForPatientAsync(string tenant, string? patientId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.LoggedAuthorizations.AsNoTracking()
            .Where(a => a.Tenant == tenant && (patientId == null || a.PatientId == patientId))
            .OrderBy(a => a.Id)
            .ToListAsync(ct);
    }

    /// <summary>The entry as an approved preauthorization ClaimResponse for its patient and payer.</summary>
    public static ClaimResponse ToClaimResponse(LoggedAuthorization entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new ClaimResponse
        {
            Id = $"auth-log-{entry.Id}",
            Meta = new Meta { Source = Source },
            Status = FinancialResourceStatusCodes.Active,
            Use = ClaimUseCode.Preauthorization,
            Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/claim-type", "professional"),
            Patient = new ResourceReference("Patient/" + entry.PatientId),
            Insurer = new ResourceReference("Organization/" + entry.PayerId),
            Outcome = ClaimProcessingCodes.Complete,
            PreAuthRef = entry.Number,
            PreAuthPeriod = new Period
            {
                Start = entry.Start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                End = entry.End.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            },
            AddItem =
            [
                new ClaimResponse.AddedItemComponent
                {
                    ProductOrService = new CodeableConcept("http://www.ama-assn.org/go/cpt", entry.ProcedureCode),
                    Quantity = new Quantity { Value = entry.Units },
                    Adjudication = [new ClaimResponse.AdjudicationComponent { Category = new CodeableConcept("http://terminology.hl7.org/CodeSystem/adjudication", "eligible") }],
                },
            ],
        };
    }
}
