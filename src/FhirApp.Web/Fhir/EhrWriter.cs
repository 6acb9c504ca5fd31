using FhirApp.Web.Smart;
using Hl7.Fhir.Model;

namespace FhirApp.Web.Fhir;

/// <summary>
/// The few writes FhirApp makes to the EHR, with the launch's own token: addendum request Tasks, clinicians' addenda
/// and appeal packets. Everything else the app changes stays in its own database.
/// </summary>
public sealed class EhrWriter(EhrPatientReader reader)
{
    public async Task<T> CreateAsync<T>(LaunchContext launch, T resource, CancellationToken ct)
        where T : Resource
    {
        var (client, _, _) = reader.CreateClient(launch);
        using var _ = client;
        return await client.CreateAsync(resource, ct) ?? throw new InvalidOperationException($"The EHR returned no {resource.TypeName} after creating it.");
    }

    public async Task<T> UpdateAsync<T>(LaunchContext launch, T resource, CancellationToken ct)
        where T : Resource
    {
        var (client, _, _) = reader.CreateClient(launch);
        using var _ = client;
        return await client.UpdateAsync(resource, ct: ct) ?? throw new InvalidOperationException($"The EHR returned no {resource.TypeName} after updating it.");
    }
}
