using FhirApp.Core.Audit;
using FhirApp.Web.Smart;
using Hl7.Fhir.Model;

namespace FhirApp.Web.Fhir;

/// <summary>
/// The few writes FhirApp makes to the EHR, with the launch's own token: addendum request Tasks, clinicians' addenda
/// and appeal packets. Everything else the app changes stays in its own database.
/// </summary>
public sealed class EhrWriter(EhrPatientReader reader, AuditTrail audit)
{
    /// <summary>Creates the resource on the EHR; <paramref name="purpose"/> is the audit trail's short code for why.</summary>
    public async Task<T> CreateAsync<T>(LaunchContext launch, T resource, string purpose, CancellationToken ct)
        where T : Resource
    {
        ArgumentNullException.ThrowIfNull(resource);
        var (client, _, _) = reader.CreateClient(launch);
        using var _ = client;
        return await AuditedAsync(launch, AuditAction.Create, resource, purpose, async () =>
            await client.CreateAsync(resource, ct) ?? throw new InvalidOperationException($"The EHR returned no {resource.TypeName} after creating it."), ct);
    }

    public async Task<T> UpdateAsync<T>(LaunchContext launch, T resource, string purpose, CancellationToken ct)
        where T : Resource
    {
        ArgumentNullException.ThrowIfNull(resource);
        var (client, _, _) = reader.CreateClient(launch);
        using var _ = client;
        return await AuditedAsync(launch, AuditAction.Update, resource, purpose, async () =>
            await client.UpdateAsync(resource, ct: ct) ?? throw new InvalidOperationException($"The EHR returned no {resource.TypeName} after updating it."), ct);
    }

    // The entry names what the EHR stored (its new id); a refused or failed write is recorded too, then rethrown.
    private async Task<T> AuditedAsync<T>(LaunchContext launch, AuditAction action, T resource, string purpose, Func<Task<T>> write, CancellationToken ct)
        where T : Resource
    {
        var patient = EhrPatientReader.PatientOf(resource, launch);
        T written;
        try
        {
            written = await write();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var outcome = ex is Hl7.Fhir.Rest.FhirOperationException { Status: System.Net.HttpStatusCode.Forbidden or System.Net.HttpStatusCode.Unauthorized } ? AuditOutcome.Denied : AuditOutcome.Failed;
            await audit.RecordAsync(launch.Practice, launch.Actor, new AuditRecord(action, Reference(resource), purpose, patient, outcome), CancellationToken.None);
            throw;
        }
        await audit.RecordAsync(launch.Practice, launch.Actor, new AuditRecord(action, Reference(written), purpose, patient), ct);
        return written;
    }

    private static string Reference(Resource resource) => resource.Id is { Length: > 0 } id ? $"{resource.TypeName}/{id}" : resource.TypeName;
}
