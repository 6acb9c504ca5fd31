using FhirApp.Core.Claims.Sources.Bulk;
using FhirApp.Web.Smart;

namespace FhirApp.Web.Jobs.Export;

/// <summary>A <see cref="BulkExportClient"/> over the registration's keyed Refit client (its token, retries and origin).</summary>
public sealed class BulkExportClients(IServiceProvider services, BulkExportLimits limits, TimeProvider clock)
{
    public BulkExportClient Create(SmartRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var api = services.GetRequiredKeyedService<IBulkDataApi>(registration.Id);
        return new BulkExportClient(api, new Uri(registration.FhirBaseUrl.TrimEnd('/') + "/"), limits, clock);
    }
}
