using FhirApp.Core.Audit;
using FhirApp.Core.Common;
using FhirApp.Web.Smart;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;

namespace FhirApp.Web.Fhir;

/// <summary>
/// The few writes FhirApp makes to the EHR, with the launch's own token: addendum request Tasks, clinicians' addenda
/// and appeal packets. Everything else the app changes stays in its own database.
/// </summary>
public sealed class EhrWriter(EhrPatientReader reader, AuditTrail audit)
{
    /// <summary>
    /// Creates the resource on the EHR, which assigns its id: the body sent carries none (servers ignore or refuse one),
    /// and the id comes back in the returned resource or, when the EHR returns none, in <c>Location</c>. A resource
    /// carrying one of FhirApp's business identifiers (<see cref="FhirAppSystems.BusinessIdentifiers"/>) is created
    /// conditionally on it (If-None-Exist): a retry after a lost answer gets the first copy back instead of a second.
    /// <paramref name="purpose"/> is the audit trail's short code for why.
    /// </summary>
    public async Task<T> CreateAsync<T>(LaunchContext launch, T resource, string purpose, CancellationToken ct)
        where T : Resource
    {
        ArgumentNullException.ThrowIfNull(resource);
        var (client, _, _) = reader.CreateClient(launch);
        using var _ = client;
        return await AuditedAsync(launch, AuditAction.Create, resource, purpose, () => CreateOnAsync(client, resource, ct), ct);
    }

    /// <summary>The create itself, on a client for the EHR (see <see cref="CreateAsync{T}"/>).</summary>
    internal static async Task<T> CreateOnAsync<T>(BaseFhirClient client, T resource, CancellationToken ct)
        where T : Resource
    {
        var body = (T)resource.DeepCopy();
        body.Id = null;
        if (body.Meta is { } meta)
        {
            meta.VersionId = null;
            meta.LastUpdated = null;
        }
        var condition = BusinessIdentifierOf(body);
        var returned = condition is null
            ? await client.CreateAsync(body, ct)
            : await client.ConditionalCreateAsync(body, new SearchParams().Add("identifier", $"{condition.System}|{condition.Value}"), ct);
        if (returned?.Id is { Length: > 0 })
        {
            return returned;
        }

        // No resource in the answer (Prefer: return=minimal, or a conditional create's 200 without a body): read it back.
        var location = client.LastResult?.Location;
        var id = location is null ? null : new ResourceIdentity(location).Id;
        if (string.IsNullOrEmpty(id))
        {
            throw new InvalidOperationException($"The EHR returned neither the new {resource.TypeName} nor where it is.");
        }
        return await client.ReadAsync<T>($"{resource.TypeName}/{Uri.EscapeDataString(id)}", ct: ct)
            ?? throw new InvalidOperationException($"The EHR did not return the {resource.TypeName} it created.");
    }

    /// <summary>The resource's FhirApp business identifier, if it carries one.</summary>
    internal static Identifier? BusinessIdentifierOf(Resource resource) =>
        (resource switch
        {
            Hl7.Fhir.Model.Task t => t.Identifier,
            DocumentReference d => d.Identifier,
            _ => [],
        }).FirstOrDefault(i => i.System is { } system && FhirAppSystems.BusinessIdentifiers.Contains(system) && !string.IsNullOrEmpty(i.Value));

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
